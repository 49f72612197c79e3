// Recorded from redis-cli 7.0.15 (`help NAME` for every command and subcommand
// of redis-server 7.0.15's COMMAND DOCS, parsed from the terminal output): the
// reference for the generated command table.

let redisCLIHelpEntries: [(name: String, params: String, summary: String, since: String, group: String)] = [
    ("ACL", "", "A container for Access List Control commands ", "6.0.0", "server"),
    ("ACL CAT", "[categoryname]", "List the ACL categories or the commands inside a category", "6.0.0", "server"),
    ("ACL DELUSER", "username [username ...]", "Remove the specified ACL users and the associated rules", "6.0.0", "server"),
    (
        "ACL DRYRUN", "username command [arg [arg ...]]",
        "Returns whether the user can execute the given command without executing the command.", "7.0.0", "server"
    ),
    ("ACL GENPASS", "[bits]", "Generate a pseudorandom secure password to use for ACL users", "6.0.0", "server"),
    ("ACL GETUSER", "username", "Get the rules for a specific ACL user", "6.0.0", "server"),
    ("ACL HELP", "", "Show helpful text about the different subcommands", "6.0.0", "server"),
    ("ACL LIST", "", "List the current ACL rules in ACL config file format", "6.0.0", "server"),
    ("ACL LOAD", "", "Reload the ACLs from the configured ACL file", "6.0.0", "server"),
    ("ACL LOG", "[count|RESET]", "List latest events denied because of ACLs in place", "6.0.0", "server"),
    ("ACL SAVE", "", "Save the current ACL rules in the configured ACL file", "6.0.0", "server"),
    ("ACL SETUSER", "username [rule [rule ...]]", "Modify or create the rules for a specific ACL user", "6.0.0", "server"),
    ("ACL USERS", "", "List the username of all the configured ACL rules", "6.0.0", "server"),
    ("ACL WHOAMI", "", "Return the name of the user associated to the current connection", "6.0.0", "server"),
    ("APPEND", "key value", "Append a value to a key", "2.0.0", "string"),
    ("ASKING", "", "Sent by cluster clients after an -ASK redirect", "3.0.0", "cluster"),
    ("AUTH", "[username] password", "Authenticate to the server", "1.0.0", "connection"),
    ("BGREWRITEAOF", "", "Asynchronously rewrite the append-only file", "1.0.0", "server"),
    ("BGSAVE", "[SCHEDULE]", "Asynchronously save the dataset to disk", "1.0.0", "server"),
    ("BITCOUNT", "key [start end [BYTE|BIT]]", "Count set bits in a string", "2.6.0", "bitmap"),
    (
        "BITFIELD",
        "key [GET encoding offset|[OVERFLOW WRAP|SAT|FAIL] SET encoding offset value|INCRBY encoding offset increment [GET encoding offset|[OVERFLOW WRAP|SAT|FAIL] SET encoding offset value|INCRBY encoding offset increment ...]]",
        "Perform arbitrary bitfield integer operations on strings", "3.2.0", "bitmap"
    ),
    (
        "BITFIELD_RO", "key [GET encoding offset [GET encoding offset ...]]",
        "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD", "6.0.0", "bitmap"
    ),
    ("BITOP", "operation destkey key [key ...]", "Perform bitwise operations between strings", "2.6.0", "bitmap"),
    ("BITPOS", "key bit [start [end [BYTE|BIT]]]", "Find first bit set or clear in a string", "2.8.7", "bitmap"),
    (
        "BLMOVE", "source destination LEFT|RIGHT LEFT|RIGHT timeout",
        "Pop an element from a list, push it to another list and return it; or block until one is available", "6.2.0", "list"
    ),
    (
        "BLMPOP", "timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]", "Pop elements from a list, or block until one is available",
        "7.0.0", "list"
    ),
    ("BLPOP", "key [key ...] timeout", "Remove and get the first element in a list, or block until one is available", "2.0.0", "list"),
    ("BRPOP", "key [key ...] timeout", "Remove and get the last element in a list, or block until one is available", "2.0.0", "list"),
    (
        "BRPOPLPUSH", "source destination timeout",
        "Pop an element from a list, push it to another list and return it; or block until one is available", "2.2.0", "list"
    ),
    (
        "BZMPOP", "timeout numkeys key [key ...] MIN|MAX [COUNT count]",
        "Remove and return members with scores in a sorted set or block until one is available", "7.0.0", "sorted-set"
    ),
    (
        "BZPOPMAX", "key [key ...] timeout",
        "Remove and return the member with the highest score from one or more sorted sets, or block until one is available", "5.0.0",
        "sorted-set"
    ),
    (
        "BZPOPMIN", "key [key ...] timeout",
        "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available", "5.0.0",
        "sorted-set"
    ),
    ("CLIENT", "", "A container for client connection commands", "2.4.0", "connection"),
    ("CLIENT CACHING", "YES|NO", "Instruct the server about tracking or not keys in the next request", "6.0.0", "connection"),
    ("CLIENT GETNAME", "", "Get the current connection name", "2.6.9", "connection"),
    ("CLIENT GETREDIR", "", "Get tracking notifications redirection client ID if any", "6.0.0", "connection"),
    ("CLIENT HELP", "", "Show helpful text about the different subcommands", "5.0.0", "connection"),
    ("CLIENT ID", "", "Returns the client ID for the current connection", "5.0.0", "connection"),
    ("CLIENT INFO", "", "Returns information about the current client connection.", "6.2.0", "connection"),
    (
        "CLIENT KILL",
        "ip:port|[ID client-id]|[TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB]|[USER username]|[ADDR ip:port]|[LADDR ip:port]|[SKIPME yes/no] [[ID client-id]|[TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB]|[USER username]|[ADDR ip:port]|[LADDR ip:port]|[SKIPME yes/no] ...]",
        "Kill the connection of a client", "2.4.0", "connection"
    ),
    (
        "CLIENT LIST", "[TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]", "Get the list of client connections", "2.4.0",
        "connection"
    ),
    ("CLIENT NO-EVICT", "ON|OFF", "Set client eviction mode for the current connection", "7.0.0", "connection"),
    ("CLIENT PAUSE", "timeout [WRITE|ALL]", "Stop processing commands from clients for some time", "2.9.50", "connection"),
    ("CLIENT REPLY", "ON|OFF|SKIP", "Instruct the server whether to reply to commands", "3.2.0", "connection"),
    ("CLIENT SETNAME", "connection-name", "Set the current connection name", "2.6.9", "connection"),
    (
        "CLIENT TRACKING", "ON|OFF [REDIRECT client-id] [PREFIX prefix [PREFIX prefix ...]] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]",
        "Enable or disable server assisted client side caching support", "6.0.0", "connection"
    ),
    (
        "CLIENT TRACKINGINFO", "", "Return information about server assisted client side caching for the current connection", "6.2.0",
        "connection"
    ),
    (
        "CLIENT UNBLOCK", "client-id [TIMEOUT|ERROR]", "Unblock a client blocked in a blocking command from a different connection",
        "5.0.0", "connection"
    ),
    ("CLIENT UNPAUSE", "", "Resume processing of clients that were paused", "6.2.0", "connection"),
    ("CLUSTER", "", "A container for cluster commands", "3.0.0", "cluster"),
    ("CLUSTER ADDSLOTS", "slot [slot ...]", "Assign new hash slots to receiving node", "3.0.0", "cluster"),
    (
        "CLUSTER ADDSLOTSRANGE", "start-slot end-slot [start-slot end-slot ...]", "Assign new hash slots to receiving node", "7.0.0",
        "cluster"
    ),
    ("CLUSTER BUMPEPOCH", "", "Advance the cluster config epoch", "3.0.0", "cluster"),
    ("CLUSTER COUNT-FAILURE-REPORTS", "node-id", "Return the number of failure reports active for a given node", "3.0.0", "cluster"),
    ("CLUSTER COUNTKEYSINSLOT", "slot", "Return the number of local keys in the specified hash slot", "3.0.0", "cluster"),
    ("CLUSTER DELSLOTS", "slot [slot ...]", "Set hash slots as unbound in receiving node", "3.0.0", "cluster"),
    (
        "CLUSTER DELSLOTSRANGE", "start-slot end-slot [start-slot end-slot ...]", "Set hash slots as unbound in receiving node", "7.0.0",
        "cluster"
    ),
    ("CLUSTER FAILOVER", "[FORCE|TAKEOVER]", "Forces a replica to perform a manual failover of its master.", "3.0.0", "cluster"),
    ("CLUSTER FLUSHSLOTS", "", "Delete a node's own slots information", "3.0.0", "cluster"),
    ("CLUSTER FORGET", "node-id", "Remove a node from the nodes table", "3.0.0", "cluster"),
    ("CLUSTER GETKEYSINSLOT", "slot count", "Return local key names in the specified hash slot", "3.0.0", "cluster"),
    ("CLUSTER HELP", "", "Show helpful text about the different subcommands", "5.0.0", "cluster"),
    ("CLUSTER INFO", "", "Provides info about Redis Cluster node state", "3.0.0", "cluster"),
    ("CLUSTER KEYSLOT", "key", "Returns the hash slot of the specified key", "3.0.0", "cluster"),
    ("CLUSTER LINKS", "", "Returns a list of all TCP links to and from peer nodes in cluster", "7.0.0", "cluster"),
    ("CLUSTER MEET", "ip port [cluster_bus_port]", "Force a node cluster to handshake with another node", "3.0.0", "cluster"),
    ("CLUSTER MYID", "", "Return the node id", "3.0.0", "cluster"),
    ("CLUSTER NODES", "", "Get Cluster config for the node", "3.0.0", "cluster"),
    ("CLUSTER REPLICAS", "node-id", "List replica nodes of the specified master node", "5.0.0", "cluster"),
    ("CLUSTER REPLICATE", "node-id", "Reconfigure a node as a replica of the specified master node", "3.0.0", "cluster"),
    ("CLUSTER RESET", "[HARD|SOFT]", "Reset a Redis Cluster node", "3.0.0", "cluster"),
    ("CLUSTER SAVECONFIG", "", "Forces the node to save cluster state on disk", "3.0.0", "cluster"),
    ("CLUSTER SET-CONFIG-EPOCH", "config-epoch", "Set the configuration epoch in a new node", "3.0.0", "cluster"),
    (
        "CLUSTER SETSLOT", "slot IMPORTING node-id|MIGRATING node-id|NODE node-id|STABLE", "Bind a hash slot to a specific node", "3.0.0",
        "cluster"
    ),
    ("CLUSTER SHARDS", "", "Get array of cluster slots to node mappings", "7.0.0", "cluster"),
    ("CLUSTER SLAVES", "node-id", "List replica nodes of the specified master node", "3.0.0", "cluster"),
    ("CLUSTER SLOTS", "", "Get array of Cluster slot to node mappings", "3.0.0", "cluster"),
    ("COMMAND", "", "Get array of Redis command details", "2.8.13", "server"),
    ("COMMAND COUNT", "", "Get total number of Redis commands", "2.8.13", "server"),
    ("COMMAND DOCS", "[command-name [command-name ...]]", "Get array of specific Redis command documentation", "7.0.0", "server"),
    ("COMMAND GETKEYS", "", "Extract keys given a full Redis command", "2.8.13", "server"),
    ("COMMAND GETKEYSANDFLAGS", "", "Extract keys and access flags given a full Redis command", "7.0.0", "server"),
    ("COMMAND HELP", "", "Show helpful text about the different subcommands", "5.0.0", "server"),
    (
        "COMMAND INFO", "[command-name [command-name ...]]",
        "Get array of specific Redis command details, or all when no argument is given.", "2.8.13", "server"
    ),
    (
        "COMMAND LIST", "[FILTERBY MODULE module-name|ACLCAT category|PATTERN pattern]", "Get an array of Redis command names", "7.0.0",
        "server"
    ),
    ("CONFIG", "", "A container for server configuration commands", "2.0.0", "server"),
    ("CONFIG GET", "parameter [parameter ...]", "Get the values of configuration parameters", "2.0.0", "server"),
    ("CONFIG HELP", "", "Show helpful text about the different subcommands", "5.0.0", "server"),
    ("CONFIG RESETSTAT", "", "Reset the stats returned by INFO", "2.0.0", "server"),
    ("CONFIG REWRITE", "", "Rewrite the configuration file with the in memory configuration", "2.8.0", "server"),
    ("CONFIG SET", "parameter value [parameter value ...]", "Set configuration parameters to the given values", "2.0.0", "server"),
    ("COPY", "source destination [DB destination-db] [REPLACE]", "Copy a key", "6.2.0", "generic"),
    ("DBSIZE", "", "Return the number of keys in the selected database", "1.0.0", "server"),
    ("DEBUG", "", "A container for debugging commands", "1.0.0", "server"),
    ("DECR", "key", "Decrement the integer value of a key by one", "1.0.0", "string"),
    ("DECRBY", "key decrement", "Decrement the integer value of a key by the given number", "1.0.0", "string"),
    ("DEL", "key [key ...]", "Delete a key", "1.0.0", "generic"),
    ("DISCARD", "", "Discard all commands issued after MULTI", "2.0.0", "transactions"),
    ("DUMP", "key", "Return a serialized version of the value stored at the specified key.", "2.6.0", "generic"),
    ("ECHO", "message", "Echo the given string", "1.0.0", "connection"),
    ("EVAL", "script numkeys [key [key ...]] [arg [arg ...]]", "Execute a Lua script server side", "2.6.0", "scripting"),
    ("EVALSHA", "sha1 numkeys [key [key ...]] [arg [arg ...]]", "Execute a Lua script server side", "2.6.0", "scripting"),
    ("EVALSHA_RO", "sha1 numkeys [key [key ...]] [arg [arg ...]]", "Execute a read-only Lua script server side", "7.0.0", "scripting"),
    ("EVAL_RO", "script numkeys [key [key ...]] [arg [arg ...]]", "Execute a read-only Lua script server side", "7.0.0", "scripting"),
    ("EXEC", "", "Execute all commands issued after MULTI", "1.2.0", "transactions"),
    ("EXISTS", "key [key ...]", "Determine if a key exists", "1.0.0", "generic"),
    ("EXPIRE", "key seconds [NX|XX|GT|LT]", "Set a key's time to live in seconds", "1.0.0", "generic"),
    ("EXPIREAT", "key unix-time-seconds [NX|XX|GT|LT]", "Set the expiration for a key as a UNIX timestamp", "1.2.0", "generic"),
    ("EXPIRETIME", "key", "Get the expiration Unix timestamp for a key", "7.0.0", "generic"),
    (
        "FAILOVER", "[TO host port [FORCE]] [ABORT] [TIMEOUT milliseconds]",
        "Start a coordinated failover between this server and one of its replicas.", "6.2.0", "server"
    ),
    ("FCALL", "function numkeys [key [key ...]] [arg [arg ...]]", "Invoke a function", "7.0.0", "scripting"),
    ("FCALL_RO", "function numkeys [key [key ...]] [arg [arg ...]]", "Invoke a read-only function", "7.0.0", "scripting"),
    ("FLUSHALL", "[ASYNC|SYNC]", "Remove all keys from all databases", "1.0.0", "server"),
    ("FLUSHDB", "[ASYNC|SYNC]", "Remove all keys from the current database", "1.0.0", "server"),
    ("FUNCTION", "", "A container for function commands", "7.0.0", "scripting"),
    ("FUNCTION DELETE", "library-name", "Delete a function by name", "7.0.0", "scripting"),
    ("FUNCTION DUMP", "", "Dump all functions into a serialized binary payload", "7.0.0", "scripting"),
    ("FUNCTION FLUSH", "[ASYNC|SYNC]", "Deleting all functions", "7.0.0", "scripting"),
    ("FUNCTION HELP", "", "Show helpful text about the different subcommands", "7.0.0", "scripting"),
    ("FUNCTION KILL", "", "Kill the function currently in execution.", "7.0.0", "scripting"),
    ("FUNCTION LIST", "[LIBRARYNAME library-name-pattern] [WITHCODE]", "List information about all the functions", "7.0.0", "scripting"),
    (
        "FUNCTION LOAD", "[REPLACE] function-code", "Create a function with the given arguments (name, code, description)", "7.0.0",
        "scripting"
    ),
    ("FUNCTION RESTORE", "serialized-value [FLUSH|APPEND|REPLACE]", "Restore all the functions on the given payload", "7.0.0", "scripting"),
    ("FUNCTION STATS", "", "Return information about the function currently running (name, description, duration)", "7.0.0", "scripting"),
    (
        "GEOADD", "key [NX|XX] [CH] longitude latitude member [longitude latitude member ...]",
        "Add one or more geospatial items in the geospatial index represented using a sorted set", "3.2.0", "geo"
    ),
    ("GEODIST", "key member1 member2 [M|KM|FT|MI]", "Returns the distance between two members of a geospatial index", "3.2.0", "geo"),
    ("GEOHASH", "key member [member ...]", "Returns members of a geospatial index as standard geohash strings", "3.2.0", "geo"),
    ("GEOPOS", "key member [member ...]", "Returns longitude and latitude of members of a geospatial index", "3.2.0", "geo"),
    (
        "GEORADIUS",
        "key longitude latitude radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC|DESC] [STORE key] [STOREDIST key]",
        "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point", "3.2.0", "geo"
    ),
    (
        "GEORADIUSBYMEMBER",
        "key member radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC|DESC] [STORE key] [STOREDIST key]",
        "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member", "3.2.0",
        "geo"
    ),
    (
        "GEORADIUSBYMEMBER_RO", "key member radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC|DESC]",
        "A read-only variant for GEORADIUSBYMEMBER", "3.2.10", "geo"
    ),
    (
        "GEORADIUS_RO", "key longitude latitude radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC|DESC]",
        "A read-only variant for GEORADIUS", "3.2.10", "geo"
    ),
    (
        "GEOSEARCH",
        "key FROMMEMBER member|FROMLONLAT longitude latitude BYRADIUS radius M|KM|FT|MI|BYBOX width height M|KM|FT|MI [ASC|DESC] [COUNT count [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]",
        "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.", "6.2.0", "geo"
    ),
    (
        "GEOSEARCHSTORE",
        "destination source FROMMEMBER member|FROMLONLAT longitude latitude BYRADIUS radius M|KM|FT|MI|BYBOX width height M|KM|FT|MI [ASC|DESC] [COUNT count [ANY]] [STOREDIST]",
        "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.",
        "6.2.0", "geo"
    ),
    ("GET", "key", "Get the value of a key", "1.0.0", "string"),
    ("GETBIT", "key offset", "Returns the bit value at offset in the string value stored at key", "2.2.0", "bitmap"),
    ("GETDEL", "key", "Get the value of a key and delete the key", "6.2.0", "string"),
    (
        "GETEX", "key [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|PERSIST]",
        "Get the value of a key and optionally set its expiration", "6.2.0", "string"
    ),
    ("GETRANGE", "key start end", "Get a substring of the string stored at a key", "2.4.0", "string"),
    ("GETSET", "key value", "Set the string value of a key and return its old value", "1.0.0", "string"),
    ("HDEL", "key field [field ...]", "Delete one or more hash fields", "2.0.0", "hash"),
    ("HELLO", "[protover [AUTH username password] [SETNAME clientname]]", "Handshake with Redis", "6.0.0", "connection"),
    ("HEXISTS", "key field", "Determine if a hash field exists", "2.0.0", "hash"),
    ("HGET", "key field", "Get the value of a hash field", "2.0.0", "hash"),
    ("HGETALL", "key", "Get all the fields and values in a hash", "2.0.0", "hash"),
    ("HINCRBY", "key field increment", "Increment the integer value of a hash field by the given number", "2.0.0", "hash"),
    ("HINCRBYFLOAT", "key field increment", "Increment the float value of a hash field by the given amount", "2.6.0", "hash"),
    ("HKEYS", "key", "Get all the fields in a hash", "2.0.0", "hash"),
    ("HLEN", "key", "Get the number of fields in a hash", "2.0.0", "hash"),
    ("HMGET", "key field [field ...]", "Get the values of all the given hash fields", "2.0.0", "hash"),
    ("HMSET", "key field value [field value ...]", "Set multiple hash fields to multiple values", "2.0.0", "hash"),
    ("HRANDFIELD", "key [count [WITHVALUES]]", "Get one or multiple random fields from a hash", "6.2.0", "hash"),
    ("HSCAN", "key cursor [MATCH pattern] [COUNT count]", "Incrementally iterate hash fields and associated values", "2.8.0", "hash"),
    ("HSET", "key field value [field value ...]", "Set the string value of a hash field", "2.0.0", "hash"),
    ("HSETNX", "key field value", "Set the value of a hash field, only if the field does not exist", "2.0.0", "hash"),
    ("HSTRLEN", "key field", "Get the length of the value of a hash field", "3.2.0", "hash"),
    ("HVALS", "key", "Get all the values in a hash", "2.0.0", "hash"),
    ("INCR", "key", "Increment the integer value of a key by one", "1.0.0", "string"),
    ("INCRBY", "key increment", "Increment the integer value of a key by the given amount", "1.0.0", "string"),
    ("INCRBYFLOAT", "key increment", "Increment the float value of a key by the given amount", "2.6.0", "string"),
    ("INFO", "[section [section ...]]", "Get information and statistics about the server", "1.0.0", "server"),
    ("KEYS", "pattern", "Find all keys matching the given pattern", "1.0.0", "generic"),
    ("LASTSAVE", "", "Get the UNIX time stamp of the last successful save to disk", "1.0.0", "server"),
    ("LATENCY", "", "A container for latency diagnostics commands", "2.8.13", "server"),
    ("LATENCY DOCTOR", "", "Return a human readable latency analysis report.", "2.8.13", "server"),
    ("LATENCY GRAPH", "event", "Return a latency graph for the event.", "2.8.13", "server"),
    ("LATENCY HELP", "", "Show helpful text about the different subcommands.", "2.8.13", "server"),
    (
        "LATENCY HISTOGRAM", "[command [command ...]]", "Return the cumulative distribution of latencies of a subset of commands or all.",
        "7.0.0", "server"
    ),
    ("LATENCY HISTORY", "event", "Return timestamp-latency samples for the event.", "2.8.13", "server"),
    ("LATENCY LATEST", "", "Return the latest latency samples for all events.", "2.8.13", "server"),
    ("LATENCY RESET", "[event [event ...]]", "Reset latency data for one or more events.", "2.8.13", "server"),
    ("LCS", "key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]", "Find longest common substring", "7.0.0", "string"),
    ("LINDEX", "key index", "Get an element from a list by its index", "1.0.0", "list"),
    ("LINSERT", "key BEFORE|AFTER pivot element", "Insert an element before or after another element in a list", "2.2.0", "list"),
    ("LLEN", "key", "Get the length of a list", "1.0.0", "list"),
    (
        "LMOVE", "source destination LEFT|RIGHT LEFT|RIGHT", "Pop an element from a list, push it to another list and return it", "6.2.0",
        "list"
    ),
    ("LMPOP", "numkeys key [key ...] LEFT|RIGHT [COUNT count]", "Pop elements from a list", "7.0.0", "list"),
    ("LOLWUT", "[VERSION version]", "Display some computer art and the Redis version", "5.0.0", "server"),
    ("LPOP", "key [count]", "Remove and get the first elements in a list", "1.0.0", "list"),
    (
        "LPOS", "key element [RANK rank] [COUNT num-matches] [MAXLEN len]", "Return the index of matching elements on a list", "6.0.6",
        "list"
    ),
    ("LPUSH", "key element [element ...]", "Prepend one or multiple elements to a list", "1.0.0", "list"),
    ("LPUSHX", "key element [element ...]", "Prepend an element to a list, only if the list exists", "2.2.0", "list"),
    ("LRANGE", "key start stop", "Get a range of elements from a list", "1.0.0", "list"),
    ("LREM", "key count element", "Remove elements from a list", "1.0.0", "list"),
    ("LSET", "key index element", "Set the value of an element in a list by its index", "1.0.0", "list"),
    ("LTRIM", "key start stop", "Trim a list to the specified range", "1.0.0", "list"),
    ("MEMORY", "", "A container for memory diagnostics commands", "4.0.0", "server"),
    ("MEMORY DOCTOR", "", "Outputs memory problems report", "4.0.0", "server"),
    ("MEMORY HELP", "", "Show helpful text about the different subcommands", "4.0.0", "server"),
    ("MEMORY MALLOC-STATS", "", "Show allocator internal stats", "4.0.0", "server"),
    ("MEMORY PURGE", "", "Ask the allocator to release memory", "4.0.0", "server"),
    ("MEMORY STATS", "", "Show memory usage details", "4.0.0", "server"),
    ("MEMORY USAGE", "key [SAMPLES count]", "Estimate the memory usage of a key", "4.0.0", "server"),
    ("MGET", "key [key ...]", "Get the values of all the given keys", "1.0.0", "string"),
    (
        "MIGRATE",
        "host port key|\"\" destination-db timeout [COPY] [REPLACE] [[AUTH password]|[AUTH2 username password]] [KEYS key [key ...]]",
        "Atomically transfer a key from a Redis instance to another one.", "2.6.0", "generic"
    ),
    ("MODULE", "", "A container for module commands", "4.0.0", "server"),
    ("MODULE HELP", "", "Show helpful text about the different subcommands", "5.0.0", "server"),
    ("MODULE LIST", "", "List all modules loaded by the server", "4.0.0", "server"),
    ("MODULE LOAD", "path [arg [arg ...]]", "Load a module", "4.0.0", "server"),
    (
        "MODULE LOADEX", "path [CONFIG name value [CONFIG name value ...]] [ARGS arg [arg ...]]", "Load a module with extended parameters",
        "7.0.0", "server"
    ),
    ("MODULE UNLOAD", "name", "Unload a module", "4.0.0", "server"),
    ("MONITOR", "", "Listen for all requests received by the server in real time", "1.0.0", "server"),
    ("MOVE", "key db", "Move a key to another database", "1.0.0", "generic"),
    ("MSET", "key value [key value ...]", "Set multiple keys to multiple values", "1.0.1", "string"),
    ("MSETNX", "key value [key value ...]", "Set multiple keys to multiple values, only if none of the keys exist", "1.0.1", "string"),
    ("MULTI", "", "Mark the start of a transaction block", "1.2.0", "transactions"),
    ("OBJECT", "", "A container for object introspection commands", "2.2.3", "generic"),
    ("OBJECT ENCODING", "key", "Inspect the internal encoding of a Redis object", "2.2.3", "generic"),
    ("OBJECT FREQ", "key", "Get the logarithmic access frequency counter of a Redis object", "4.0.0", "generic"),
    ("OBJECT HELP", "", "Show helpful text about the different subcommands", "6.2.0", "generic"),
    ("OBJECT IDLETIME", "key", "Get the time since a Redis object was last accessed", "2.2.3", "generic"),
    ("OBJECT REFCOUNT", "key", "Get the number of references to the value of the key", "2.2.3", "generic"),
    ("PERSIST", "key", "Remove the expiration from a key", "2.2.0", "generic"),
    ("PEXPIRE", "key milliseconds [NX|XX|GT|LT]", "Set a key's time to live in milliseconds", "2.6.0", "generic"),
    (
        "PEXPIREAT", "key unix-time-milliseconds [NX|XX|GT|LT]",
        "Set the expiration for a key as a UNIX timestamp specified in milliseconds", "2.6.0", "generic"
    ),
    ("PEXPIRETIME", "key", "Get the expiration Unix timestamp for a key in milliseconds", "7.0.0", "generic"),
    ("PFADD", "key [element [element ...]]", "Adds the specified elements to the specified HyperLogLog.", "2.8.9", "hyperloglog"),
    (
        "PFCOUNT", "key [key ...]", "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).", "2.8.9",
        "hyperloglog"
    ),
    ("PFDEBUG", "subcommand key", "Internal commands for debugging HyperLogLog values", "2.8.9", "hyperloglog"),
    ("PFMERGE", "destkey sourcekey [sourcekey ...]", "Merge N different HyperLogLogs into a single one.", "2.8.9", "hyperloglog"),
    ("PFSELFTEST", "", "An internal command for testing HyperLogLog values", "2.8.9", "hyperloglog"),
    ("PING", "[message]", "Ping the server", "1.0.0", "connection"),
    ("PSETEX", "key milliseconds value", "Set the value and expiration in milliseconds of a key", "2.6.0", "string"),
    ("PSUBSCRIBE", "pattern [pattern ...]", "Listen for messages published to channels matching the given patterns", "2.0.0", "pubsub"),
    ("PSYNC", "replicationid offset", "Internal command used for replication", "2.8.0", "server"),
    ("PTTL", "key", "Get the time to live for a key in milliseconds", "2.6.0", "generic"),
    ("PUBLISH", "channel message", "Post a message to a channel", "2.0.0", "pubsub"),
    ("PUBSUB", "", "A container for Pub/Sub commands", "2.8.0", "pubsub"),
    ("PUBSUB CHANNELS", "[pattern]", "List active channels", "2.8.0", "pubsub"),
    ("PUBSUB HELP", "", "Show helpful text about the different subcommands", "6.2.0", "pubsub"),
    ("PUBSUB NUMPAT", "", "Get the count of unique patterns pattern subscriptions", "2.8.0", "pubsub"),
    ("PUBSUB NUMSUB", "[channel [channel ...]]", "Get the count of subscribers for channels", "2.8.0", "pubsub"),
    ("PUBSUB SHARDCHANNELS", "[pattern]", "List active shard channels", "7.0.0", "pubsub"),
    ("PUBSUB SHARDNUMSUB", "[shardchannel [shardchannel ...]]", "Get the count of subscribers for shard channels", "7.0.0", "pubsub"),
    (
        "PUNSUBSCRIBE", "[pattern [pattern ...]]", "Stop listening for messages posted to channels matching the given patterns", "2.0.0",
        "pubsub"
    ),
    ("QUIT", "", "Close the connection", "1.0.0", "connection"),
    ("RANDOMKEY", "", "Return a random key from the keyspace", "1.0.0", "generic"),
    ("READONLY", "", "Enables read queries for a connection to a cluster replica node", "3.0.0", "cluster"),
    ("READWRITE", "", "Disables read queries for a connection to a cluster replica node", "3.0.0", "cluster"),
    ("RENAME", "key newkey", "Rename a key", "1.0.0", "generic"),
    ("RENAMENX", "key newkey", "Rename a key, only if the new key does not exist", "1.0.0", "generic"),
    ("REPLCONF", "", "An internal command for configuring the replication stream", "3.0.0", "server"),
    ("REPLICAOF", "host port|NO ONE", "Make the server a replica of another instance, or promote it as master.", "5.0.0", "server"),
    ("RESET", "", "Reset the connection", "6.2.0", "connection"),
    (
        "RESTORE", "key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]",
        "Create a key using the provided serialized value, previously obtained using DUMP.", "2.6.0", "generic"
    ),
    (
        "RESTORE-ASKING", "key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]",
        "An internal command for migrating keys in a cluster", "3.0.0", "server"
    ),
    ("ROLE", "", "Return the role of the instance in the context of replication", "2.8.12", "server"),
    ("RPOP", "key [count]", "Remove and get the last elements in a list", "1.0.0", "list"),
    ("RPOPLPUSH", "source destination", "Remove the last element in a list, prepend it to another list and return it", "1.2.0", "list"),
    ("RPUSH", "key element [element ...]", "Append one or multiple elements to a list", "1.0.0", "list"),
    ("RPUSHX", "key element [element ...]", "Append an element to a list, only if the list exists", "2.2.0", "list"),
    ("SADD", "key member [member ...]", "Add one or more members to a set", "1.0.0", "set"),
    ("SAVE", "", "Synchronously save the dataset to disk", "1.0.0", "server"),
    ("SCAN", "cursor [MATCH pattern] [COUNT count] [TYPE type]", "Incrementally iterate the keys space", "2.8.0", "generic"),
    ("SCARD", "key", "Get the number of members in a set", "1.0.0", "set"),
    ("SCRIPT", "", "A container for Lua scripts management commands", "2.6.0", "scripting"),
    ("SCRIPT DEBUG", "YES|SYNC|NO", "Set the debug mode for executed scripts.", "3.2.0", "scripting"),
    ("SCRIPT EXISTS", "sha1 [sha1 ...]", "Check existence of scripts in the script cache.", "2.6.0", "scripting"),
    ("SCRIPT FLUSH", "[ASYNC|SYNC]", "Remove all the scripts from the script cache.", "2.6.0", "scripting"),
    ("SCRIPT HELP", "", "Show helpful text about the different subcommands", "5.0.0", "scripting"),
    ("SCRIPT KILL", "", "Kill the script currently in execution.", "2.6.0", "scripting"),
    ("SCRIPT LOAD", "script", "Load the specified Lua script into the script cache.", "2.6.0", "scripting"),
    ("SDIFF", "key [key ...]", "Subtract multiple sets", "1.0.0", "set"),
    ("SDIFFSTORE", "destination key [key ...]", "Subtract multiple sets and store the resulting set in a key", "1.0.0", "set"),
    ("SELECT", "index", "Change the selected database for the current connection", "1.0.0", "connection"),
    (
        "SET", "key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]",
        "Set the string value of a key", "1.0.0", "string"
    ),
    ("SETBIT", "key offset value", "Sets or clears the bit at offset in the string value stored at key", "2.2.0", "bitmap"),
    ("SETEX", "key seconds value", "Set the value and expiration of a key", "2.0.0", "string"),
    ("SETNX", "key value", "Set the value of a key, only if the key does not exist", "1.0.0", "string"),
    ("SETRANGE", "key offset value", "Overwrite part of a string at key starting at the specified offset", "2.2.0", "string"),
    (
        "SHUTDOWN", "[NOSAVE|SAVE] [NOW] [FORCE] [ABORT]", "Synchronously save the dataset to disk and then shut down the server", "1.0.0",
        "server"
    ),
    ("SINTER", "key [key ...]", "Intersect multiple sets", "1.0.0", "set"),
    (
        "SINTERCARD", "numkeys key [key ...] [LIMIT limit]", "Intersect multiple sets and return the cardinality of the result", "7.0.0",
        "set"
    ),
    ("SINTERSTORE", "destination key [key ...]", "Intersect multiple sets and store the resulting set in a key", "1.0.0", "set"),
    ("SISMEMBER", "key member", "Determine if a given value is a member of a set", "1.0.0", "set"),
    ("SLAVEOF", "host port|NO ONE", "Make the server a replica of another instance, or promote it as master.", "1.0.0", "server"),
    ("SLOWLOG", "", "A container for slow log commands", "2.2.12", "server"),
    ("SLOWLOG GET", "[count]", "Get the slow log's entries", "2.2.12", "server"),
    ("SLOWLOG HELP", "", "Show helpful text about the different subcommands", "6.2.0", "server"),
    ("SLOWLOG LEN", "", "Get the slow log's length", "2.2.12", "server"),
    ("SLOWLOG RESET", "", "Clear all entries from the slow log", "2.2.12", "server"),
    ("SMEMBERS", "key", "Get all the members in a set", "1.0.0", "set"),
    ("SMISMEMBER", "key member [member ...]", "Returns the membership associated with the given elements for a set", "6.2.0", "set"),
    ("SMOVE", "source destination member", "Move a member from one set to another", "1.0.0", "set"),
    (
        "SORT", "key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA] [STORE destination]",
        "Sort the elements in a list, set or sorted set", "1.0.0", "generic"
    ),
    (
        "SORT_RO", "key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA]",
        "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", "7.0.0", "generic"
    ),
    ("SPOP", "key [count]", "Remove and return one or multiple random members from a set", "1.0.0", "set"),
    ("SPUBLISH", "shardchannel message", "Post a message to a shard channel", "7.0.0", "pubsub"),
    ("SRANDMEMBER", "key [count]", "Get one or multiple random members from a set", "1.0.0", "set"),
    ("SREM", "key member [member ...]", "Remove one or more members from a set", "1.0.0", "set"),
    ("SSCAN", "key cursor [MATCH pattern] [COUNT count]", "Incrementally iterate Set elements", "2.8.0", "set"),
    ("SSUBSCRIBE", "shardchannel [shardchannel ...]", "Listen for messages published to the given shard channels", "7.0.0", "pubsub"),
    ("STRLEN", "key", "Get the length of the value stored in a key", "2.2.0", "string"),
    ("SUBSCRIBE", "channel [channel ...]", "Listen for messages published to the given channels", "2.0.0", "pubsub"),
    ("SUBSTR", "key start end", "Get a substring of the string stored at a key", "1.0.0", "string"),
    ("SUNION", "key [key ...]", "Add multiple sets", "1.0.0", "set"),
    ("SUNIONSTORE", "destination key [key ...]", "Add multiple sets and store the resulting set in a key", "1.0.0", "set"),
    (
        "SUNSUBSCRIBE", "[shardchannel [shardchannel ...]]", "Stop listening for messages posted to the given shard channels", "7.0.0",
        "pubsub"
    ),
    ("SWAPDB", "index1 index2", "Swaps two Redis databases", "4.0.0", "server"),
    ("SYNC", "", "Internal command used for replication", "1.0.0", "server"),
    ("TIME", "", "Return the current server time", "2.6.0", "server"),
    (
        "TOUCH", "key [key ...]", "Alters the last access time of a key(s). Returns the number of existing keys specified.", "3.2.1",
        "generic"
    ),
    ("TTL", "key", "Get the time to live for a key in seconds", "1.0.0", "generic"),
    ("TYPE", "key", "Determine the type stored at key", "1.0.0", "generic"),
    (
        "UNLINK", "key [key ...]", "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.", "4.0.0",
        "generic"
    ),
    ("UNSUBSCRIBE", "[channel [channel ...]]", "Stop listening for messages posted to the given channels", "2.0.0", "pubsub"),
    ("UNWATCH", "", "Forget about all watched keys", "2.2.0", "transactions"),
    (
        "WAIT", "numreplicas timeout",
        "Wait for the synchronous replication of all the write commands sent in the context of the current connection", "3.0.0", "generic"
    ),
    ("WATCH", "key [key ...]", "Watch the given keys to determine execution of the MULTI/EXEC block", "2.2.0", "transactions"),
    (
        "XACK", "key group id [id ...]",
        "Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.",
        "5.0.0", "stream"
    ),
    (
        "XADD", "key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...]",
        "Appends a new entry to a stream", "5.0.0", "stream"
    ),
    (
        "XAUTOCLAIM", "key group consumer min-idle-time start [COUNT count] [JUSTID]",
        "Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.",
        "6.2.0", "stream"
    ),
    (
        "XCLAIM",
        "key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID id]",
        "Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.",
        "5.0.0", "stream"
    ),
    (
        "XDEL", "key id [id ...]",
        "Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.",
        "5.0.0", "stream"
    ),
    ("XGROUP", "", "A container for consumer groups commands", "5.0.0", "stream"),
    ("XGROUP CREATE", "key groupname id|$ [MKSTREAM] [ENTRIESREAD entries_read]", "Create a consumer group.", "5.0.0", "stream"),
    ("XGROUP CREATECONSUMER", "key groupname consumername", "Create a consumer in a consumer group.", "6.2.0", "stream"),
    ("XGROUP DELCONSUMER", "key groupname consumername", "Delete a consumer from a consumer group.", "5.0.0", "stream"),
    ("XGROUP DESTROY", "key groupname", "Destroy a consumer group.", "5.0.0", "stream"),
    ("XGROUP HELP", "", "Show helpful text about the different subcommands", "5.0.0", "stream"),
    (
        "XGROUP SETID", "key groupname id|$ [ENTRIESREAD entries_read]", "Set a consumer group to an arbitrary last delivered ID value.",
        "5.0.0", "stream"
    ),
    ("XINFO", "", "A container for stream introspection commands", "5.0.0", "stream"),
    ("XINFO CONSUMERS", "key groupname", "List the consumers in a consumer group", "5.0.0", "stream"),
    ("XINFO GROUPS", "key", "List the consumer groups of a stream", "5.0.0", "stream"),
    ("XINFO HELP", "", "Show helpful text about the different subcommands", "5.0.0", "stream"),
    ("XINFO STREAM", "key [FULL [COUNT count]]", "Get information about a stream", "5.0.0", "stream"),
    ("XLEN", "key", "Return the number of entries in a stream", "5.0.0", "stream"),
    (
        "XPENDING", "key group [[IDLE min-idle-time] start end count [consumer]]",
        "Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.",
        "5.0.0", "stream"
    ),
    (
        "XRANGE", "key start end [COUNT count]", "Return a range of elements in a stream, with IDs matching the specified IDs interval",
        "5.0.0", "stream"
    ),
    (
        "XREAD", "[COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]",
        "Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.",
        "5.0.0", "stream"
    ),
    (
        "XREADGROUP", "GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]",
        "Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.",
        "5.0.0", "stream"
    ),
    (
        "XREVRANGE", "key end start [COUNT count]",
        "Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE",
        "5.0.0", "stream"
    ),
    (
        "XSETID", "key last-id [ENTRIESADDED entries_added] [MAXDELETEDID max_deleted_entry_id]",
        "An internal command for replicating stream values", "5.0.0", "stream"
    ),
    (
        "XTRIM", "key MAXLEN|MINID [=|~] threshold [LIMIT count]", "Trims the stream to (approximately if '~' is passed) a certain size",
        "5.0.0", "stream"
    ),
    (
        "ZADD", "key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]",
        "Add one or more members to a sorted set, or update its score if it already exists", "1.2.0", "sorted-set"
    ),
    ("ZCARD", "key", "Get the number of members in a sorted set", "1.2.0", "sorted-set"),
    ("ZCOUNT", "key min max", "Count the members in a sorted set with scores within the given values", "2.0.0", "sorted-set"),
    ("ZDIFF", "numkeys key [key ...] [WITHSCORES]", "Subtract multiple sorted sets", "6.2.0", "sorted-set"),
    (
        "ZDIFFSTORE", "destination numkeys key [key ...]", "Subtract multiple sorted sets and store the resulting sorted set in a new key",
        "6.2.0", "sorted-set"
    ),
    ("ZINCRBY", "key increment member", "Increment the score of a member in a sorted set", "1.2.0", "sorted-set"),
    (
        "ZINTER", "numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]",
        "Intersect multiple sorted sets", "6.2.0", "sorted-set"
    ),
    (
        "ZINTERCARD", "numkeys key [key ...] [LIMIT limit]", "Intersect multiple sorted sets and return the cardinality of the result",
        "7.0.0", "sorted-set"
    ),
    (
        "ZINTERSTORE", "destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX]",
        "Intersect multiple sorted sets and store the resulting sorted set in a new key", "2.0.0", "sorted-set"
    ),
    (
        "ZLEXCOUNT", "key min max", "Count the number of members in a sorted set between a given lexicographical range", "2.8.9",
        "sorted-set"
    ),
    (
        "ZMPOP", "numkeys key [key ...] MIN|MAX [COUNT count]", "Remove and return members with scores in a sorted set", "7.0.0",
        "sorted-set"
    ),
    ("ZMSCORE", "key member [member ...]", "Get the score associated with the given members in a sorted set", "6.2.0", "sorted-set"),
    ("ZPOPMAX", "key [count]", "Remove and return members with the highest scores in a sorted set", "5.0.0", "sorted-set"),
    ("ZPOPMIN", "key [count]", "Remove and return members with the lowest scores in a sorted set", "5.0.0", "sorted-set"),
    ("ZRANDMEMBER", "key [count [WITHSCORES]]", "Get one or multiple random elements from a sorted set", "6.2.0", "sorted-set"),
    (
        "ZRANGE", "key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]", "Return a range of members in a sorted set",
        "1.2.0", "sorted-set"
    ),
    (
        "ZRANGEBYLEX", "key min max [LIMIT offset count]", "Return a range of members in a sorted set, by lexicographical range", "2.8.9",
        "sorted-set"
    ),
    (
        "ZRANGEBYSCORE", "key min max [WITHSCORES] [LIMIT offset count]", "Return a range of members in a sorted set, by score", "1.0.5",
        "sorted-set"
    ),
    (
        "ZRANGESTORE", "dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]",
        "Store a range of members from sorted set into another key", "6.2.0", "sorted-set"
    ),
    ("ZRANK", "key member", "Determine the index of a member in a sorted set", "2.0.0", "sorted-set"),
    ("ZREM", "key member [member ...]", "Remove one or more members from a sorted set", "1.2.0", "sorted-set"),
    ("ZREMRANGEBYLEX", "key min max", "Remove all members in a sorted set between the given lexicographical range", "2.8.9", "sorted-set"),
    ("ZREMRANGEBYRANK", "key start stop", "Remove all members in a sorted set within the given indexes", "2.0.0", "sorted-set"),
    ("ZREMRANGEBYSCORE", "key min max", "Remove all members in a sorted set within the given scores", "1.2.0", "sorted-set"),
    (
        "ZREVRANGE", "key start stop [WITHSCORES]",
        "Return a range of members in a sorted set, by index, with scores ordered from high to low", "1.2.0", "sorted-set"
    ),
    (
        "ZREVRANGEBYLEX", "key max min [LIMIT offset count]",
        "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", "2.8.9", "sorted-set"
    ),
    (
        "ZREVRANGEBYSCORE", "key max min [WITHSCORES] [LIMIT offset count]",
        "Return a range of members in a sorted set, by score, with scores ordered from high to low", "2.2.0", "sorted-set"
    ),
    (
        "ZREVRANK", "key member", "Determine the index of a member in a sorted set, with scores ordered from high to low", "2.0.0",
        "sorted-set"
    ),
    (
        "ZSCAN", "key cursor [MATCH pattern] [COUNT count]", "Incrementally iterate sorted sets elements and associated scores", "2.8.0",
        "sorted-set"
    ),
    ("ZSCORE", "key member", "Get the score associated with the given member in a sorted set", "1.2.0", "sorted-set"),
    (
        "ZUNION", "numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]", "Add multiple sorted sets",
        "6.2.0", "sorted-set"
    ),
    (
        "ZUNIONSTORE", "destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX]",
        "Add multiple sorted sets and store the resulting sorted set in a new key", "2.0.0", "sorted-set"
    ),
]
