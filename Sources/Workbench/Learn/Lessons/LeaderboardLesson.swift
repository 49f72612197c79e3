extension Lessons {
    static let leaderboard = #"""
        .lesson leaderboard Leaderboards: a sorted set, its ranks, its ties and its listpack cliff
        .summary A leaderboard is one sorted set: a member per player, scored by points. Score players, add points, read the top and a rank by hand, see how Redis orders a tie, then read the leaderboard lab with your own numbers.
        .goal Score players with ZADD and add points with ZINCRBY
        .goal Read the top with ZREVRANGE … WITHSCORES and a player's place with ZREVRANK
        .goal See the order Redis gives equal scores: by member bytes, not by who got there first
        .goal Read the leaderboard lab: the memory a set costs past its listpack limit, and ties out of arrival order

        .step Score three players
        .say ZADD KEY SCORE MEMBER [SCORE MEMBER …] sets each member's score, adding the member if it is new. The set keeps its members ordered by score.
        .task In rwb:leaderboard:board, give ada 120 points, bob 95 and cy 130, with one command.
        .check key rwb:leaderboard:board score ada == 120
        .check key rwb:leaderboard:board score bob == 95
        .check key rwb:leaderboard:board score cy == 130
        .hint ZADD takes the key, then score member pairs: the score comes first.
        .hint ZADD rwb:leaderboard:board 120 ada 95 bob 130 cy
        .answer ZADD rwb:leaderboard:board 120 ada 95 bob 130 cy
        .wrong ZADD rwb:leaderboard:board 120 ada 95 bob
        .wrong ZADD rwb:leaderboard:board 120 ada 59 bob 130 cy
        .wrong ZADD rwb:leaderboard:board 130 cy

        .step Add points
        .say ZINCRBY KEY AMOUNT MEMBER adds to a score on the server and answers the new one. Reading the score, adding in your program and writing it back would lose the points another client added meanwhile.
        DEL rwb:leaderboard:board
        ZADD rwb:leaderboard:board 120 ada 95 bob 130 cy
        .task bob wins 40 points: add them to his score with one command.
        .check key rwb:leaderboard:board score bob == 135
        .check sent ZINCRBY rwb:leaderboard:board 40 bob
        .hint ZINCRBY KEY AMOUNT MEMBER
        .hint ZINCRBY rwb:leaderboard:board 40 bob
        .answer ZINCRBY rwb:leaderboard:board 40 bob
        .wrong ZADD rwb:leaderboard:board 135 bob
        .wrong ZINCRBY rwb:leaderboard:board 4 bob

        .step The top three
        .say ZREVRANGE KEY START STOP reads the members from the highest score down; START and STOP count from 0, both included. WITHSCORES puts each score after its member.
        DEL rwb:leaderboard:board
        ZADD rwb:leaderboard:board 120 ada 135 bob 130 cy
        .task Read the top three of rwb:leaderboard:board with their scores.
        .check reply-count == 6
        .check reply[0] == bob
        .check reply[1] == 135
        .check reply[4] == ada
        .hint ZREVRANGE KEY 0 2 WITHSCORES: places 0, 1 and 2.
        .hint ZREVRANGE rwb:leaderboard:board 0 2 WITHSCORES
        .answer ZREVRANGE rwb:leaderboard:board 0 2 WITHSCORES
        .wrong ZRANGE rwb:leaderboard:board 0 2 WITHSCORES
        .wrong ZREVRANGE rwb:leaderboard:board 0 2
        .wrong ZREVRANGE rwb:leaderboard:board 0 1 WITHSCORES
        .wrong ZSCORE rwb:leaderboard:board bob

        .step A player's place
        .say ZREVRANK KEY MEMBER answers a member's place from the top, counted from 0: the leader's is 0. ZRANK counts from the bottom.
        .task Ask for ada's place in rwb:leaderboard:board, from the top.
        .check sent ZREVRANK rwb:leaderboard:board ada
        .check reply == 2
        .hint ZREVRANK KEY MEMBER
        .hint ZREVRANK rwb:leaderboard:board ada
        .answer ZREVRANK rwb:leaderboard:board ada
        .wrong ZRANK rwb:leaderboard:board ada
        .wrong ZREVRANK rwb:leaderboard:board cy

        .step A tie
        .say Members with equal scores are ordered by their bytes, and ZREVRANGE reverses that order. The lesson gave ann, then Zed, then bo 100 points each in rwb:leaderboard:ties.
        ZADD rwb:leaderboard:ties 100 ann
        ZADD rwb:leaderboard:ties 100 Zed
        ZADD rwb:leaderboard:ties 100 bo
        .task Who does ZREVRANGE list first? Ask the server, then answer with the name.
        .check answer == bo
        .hint ZREVRANGE rwb:leaderboard:ties 0 -1 lists them all.
        .hint In bytes, capital letters come before small ones, and ZREVRANGE starts from the last.
        .answer bo
        .wrong ann
        .wrong zed

        .step Run the lab
        .say The leaderboard lab grows one sorted set and measures its memory with MEMORY USAGE, builds sets just under and just over the listpack limits (CONFIG GET zset-max-listpack-*), times ZINCRBY, ZREVRANGE and ZREVRANK and checks their answers against an in-process model, and lets 12 players reach the same score one after another.
        .task Run .lab leaderboard --quick
        .check lab.lab == leaderboard
        .check lab.cliff.entries_over_limit.encoding == skiplist
        .hint .lab NAME runs a lab in the REPL; --quick makes it a few seconds long.
        .hint .lab leaderboard --quick
        .answer .lab leaderboard --quick
        .wrong PING
        .record at_limit_bytes lab.cliff.entries_at_limit.bytes
        .record over_limit_bytes lab.cliff.entries_over_limit.bytes
        .record out_of_order lab.ties.plain.out_of_arrival_order
        .record tied_players lab.ties.players
        .record mismatches lab.rank_mismatches

        .step The listpack cliff
        .say A sorted set of at most zset-max-listpack-entries members (128 by default), each at most zset-max-listpack-value bytes (64), is a listpack: its entries packed one after the other. One member more converts it to a skiplist and a hash table.
        .task How many bytes did the set of 129 members (one member more) take in your run?
        .check answer == lab.cliff.entries_over_limit.bytes
        .hint The table "The listpack cliff", the row "one member more", column bytes.
        .hint It is lab.cliff.entries_over_limit.bytes in the JSON report (.lab … --json).
        .answer lab.cliff.entries_over_limit.bytes
        .wrong -1

        .step Ties out of arrival order
        .say The lab's tied players reached the same score one after another. Stored as the score alone, they come back in member order, as yours did.
        .task With the score alone, how many places differed from the arrival order in your run?
        .check answer == lab.ties.plain.out_of_arrival_order
        .hint The tie table, the row "score alone", column "out of arrival order".
        .hint It is lab.ties.plain.out_of_arrival_order in the JSON report.
        .answer lab.ties.plain.out_of_arrival_order
        .wrong -1

        .recap In your run 128 members took {at_limit_bytes} bytes as a listpack, and one member more {over_limit_bytes} bytes as a skiplist. Of the lab's answers on its largest set (new scores, top 10s, ranks, pages), {mismatches} differed from its model.
        .recap Of {tied_players} players tied on one score, {out_of_order} came back out of arrival order, as bo came before ann for you. To rank first come, first served, the lab stores score × 2^32 + the time left in the period, every score decoding exactly up to 2,097,151 (a double holds 53 bits).
        """#
}
