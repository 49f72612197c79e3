extension Lessons {
    static let strings = #"""
        .lesson strings Strings, counters and expiry
        .summary The simplest Redis value is a string under a key. Store one, count with INCR, let keys expire on their own, and read an error reply.
        .goal Store and read a string with SET and GET
        .goal Count with INCR and INCRBY, one step on the server that no other client can split
        .goal Give a key a time to live, and read what is left with TTL
        .goal Read an error reply and see that it changed nothing

        .step Store a string
        .say Every value in Redis lives under a key. The simplest value is a string: SET stores one and GET reads it back.
        .say Keys in this lesson start with rwb:strings: so that they never touch your own data.
        .task Store the text hello under the key rwb:strings:greeting.
        .check key rwb:strings:greeting value == hello
        .hint The command is SET KEY VALUE.
        .hint SET rwb:strings:greeting, then the value.
        .answer SET rwb:strings:greeting hello
        .wrong SET rwb:strings:greeting hullo

        .step Read it back
        .say GET returns the value, or (nil) when there is no such key.
        SET rwb:strings:greeting hello
        .task Read rwb:strings:greeting.
        .check sent GET rwb:strings:greeting
        .check reply == hello
        .hint GET takes one key.
        .hint GET rwb:strings:greeting
        .answer GET rwb:strings:greeting
        .wrong GET rwb:strings:nothing-here

        .step Count visits
        .say A string that holds an integer can be counted. INCR adds one and answers the new value, in one step on the server: two clients that INCR at the same moment never lose a count, which GET followed by SET can.
        .task Count three visits in rwb:strings:visits, with one INCR each.
        .check key rwb:strings:visits value == 3
        .check sent INCR rwb:strings:visits
        .hint INCR creates a missing key at 0, then adds one. Each INCR you send is checked.
        .hint INCR rwb:strings:visits, three times.
        .answer INCR rwb:strings:visits
        .answer INCR rwb:strings:visits
        .answer INCR rwb:strings:visits
        .wrong SET rwb:strings:visits 3
        .wrong INCR rwb:strings:visits
        .record visits key rwb:strings:visits value

        .step Add more than one
        .say INCRBY adds any integer (DECR and DECRBY take away), and answers the new value.
        SET rwb:strings:visits 3
        .task With one command, add 39 to rwb:strings:visits so that it reaches 42.
        .check key rwb:strings:visits value == 42
        .check sent INCRBY rwb:strings:visits 39
        .hint INCRBY KEY AMOUNT
        .hint INCRBY rwb:strings:visits 39
        .answer INCRBY rwb:strings:visits 39
        .wrong INCRBY rwb:strings:visits 40
        .wrong SET rwb:strings:visits 42

        .step A key that expires
        .say A cached page or a login session should not live for ever. SET gives a key a time to live in the same command (EX seconds, PX milliseconds), or EXPIRE gives it one afterwards; either way Redis deletes the key when the time is up.
        .task Store the text abc under rwb:strings:session so that it expires within a minute (and not at once).
        .check key rwb:strings:session value == abc
        .check key rwb:strings:session ttl > 0
        .check key rwb:strings:session ttl <= 60
        .hint SET takes EX SECONDS after the value; EXPIRE KEY SECONDS sets it on a key that exists.
        .hint SET rwb:strings:session abc EX 60
        .answer SET rwb:strings:session abc EX 60
        .wrong SET rwb:strings:session abc
        .wrong SET rwb:strings:session abc EX 3600
        .wrong SET rwb:strings:session abd EX 60

        .step How long is left
        .say TTL answers the seconds a key has left: -1 when it never expires, -2 when it does not exist.
        SET rwb:strings:session abc EX 60
        .task Ask how long rwb:strings:session has left.
        .check sent TTL rwb:strings:session
        .check reply-type integer
        .hint TTL KEY
        .hint TTL rwb:strings:session
        .answer TTL rwb:strings:session
        .wrong GET rwb:strings:session
        .record ttl reply

        .step A key without expiry
        SET rwb:strings:forever kept
        .say The lesson stored rwb:strings:forever with a plain SET. Find out, with a command, what TTL answers for it.
        .task What does TTL answer for rwb:strings:forever?
        .check answer == -1
        .hint Type TTL rwb:strings:forever, then give the number it answered.
        .hint A key without expiry is neither missing (-2) nor counting down.
        .answer -1
        .wrong -2
        .wrong 0

        .step An error reply
        .say Errors are replies too. INCR on a value that is not an integer fails, and the value stays as it was.
        SET rwb:strings:greeting hello
        .task Send INCR to rwb:strings:greeting and read the error.
        .check sent INCR rwb:strings:greeting
        .check reply-error not an integer
        .hint INCR works on any key. This one holds text.
        .hint INCR rwb:strings:greeting
        .answer INCR rwb:strings:greeting
        .wrong INCR rwb:strings:visits

        .recap You counted {visits} visits with INCR, each one a single step on the server.
        .recap Your session key had {ttl} seconds to live when you asked; without a TTL a key stays until it is deleted.
        """#
}
