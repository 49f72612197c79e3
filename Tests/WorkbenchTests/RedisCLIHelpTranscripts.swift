// Recorded from redis-cli 7.0.15: the exact bytes printed for `help TOPIC`
// (terminal \r\r\n turned back into the \r\n redis-cli writes).

let redisCLIHelpTranscripts: [(topic: String, output: String)] = [
    (
        "get",
        "\r\n  \u{1B}[1mGET\u{1B}[0m \u{1B}[90mkey\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Get the value of a key\r\n  \u{1B}[33msince:\u{1B}[0m 1.0.0\r\n  \u{1B}[33mgroup:\u{1B}[0m string\r\n\r\n"
    ),
    (
        "set",
        "\r\n  \u{1B}[1mSET\u{1B}[0m \u{1B}[90mkey value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Set the string value of a key\r\n  \u{1B}[33msince:\u{1B}[0m 1.0.0\r\n  \u{1B}[33mgroup:\u{1B}[0m string\r\n\r\n"
    ),
    (
        "object",
        "\r\n  \u{1B}[1mOBJECT\u{1B}[0m \u{1B}[90m\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m A container for object introspection commands\r\n  \u{1B}[33msince:\u{1B}[0m 2.2.3\r\n  \u{1B}[33mgroup:\u{1B}[0m generic\r\n\r\n  \u{1B}[1mOBJECT ENCODING\u{1B}[0m \u{1B}[90mkey\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Inspect the internal encoding of a Redis object\r\n  \u{1B}[33msince:\u{1B}[0m 2.2.3\r\n  \u{1B}[33mgroup:\u{1B}[0m generic\r\n\r\n  \u{1B}[1mOBJECT FREQ\u{1B}[0m \u{1B}[90mkey\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Get the logarithmic access frequency counter of a Redis object\r\n  \u{1B}[33msince:\u{1B}[0m 4.0.0\r\n  \u{1B}[33mgroup:\u{1B}[0m generic\r\n\r\n  \u{1B}[1mOBJECT HELP\u{1B}[0m \u{1B}[90m\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Show helpful text about the different subcommands\r\n  \u{1B}[33msince:\u{1B}[0m 6.2.0\r\n  \u{1B}[33mgroup:\u{1B}[0m generic\r\n\r\n  \u{1B}[1mOBJECT IDLETIME\u{1B}[0m \u{1B}[90mkey\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Get the time since a Redis object was last accessed\r\n  \u{1B}[33msince:\u{1B}[0m 2.2.3\r\n  \u{1B}[33mgroup:\u{1B}[0m generic\r\n\r\n  \u{1B}[1mOBJECT REFCOUNT\u{1B}[0m \u{1B}[90mkey\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Get the number of references to the value of the key\r\n  \u{1B}[33msince:\u{1B}[0m 2.2.3\r\n  \u{1B}[33mgroup:\u{1B}[0m generic\r\n\r\n"
    ),
    (
        "object encoding",
        "\r\n  \u{1B}[1mOBJECT ENCODING\u{1B}[0m \u{1B}[90mkey\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Inspect the internal encoding of a Redis object\r\n  \u{1B}[33msince:\u{1B}[0m 2.2.3\r\n  \u{1B}[33mgroup:\u{1B}[0m generic\r\n\r\n"
    ),
    (
        "config set",
        "\r\n  \u{1B}[1mCONFIG SET\u{1B}[0m \u{1B}[90mparameter value [parameter value ...]\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Set configuration parameters to the given values\r\n  \u{1B}[33msince:\u{1B}[0m 2.0.0\r\n  \u{1B}[33mgroup:\u{1B}[0m server\r\n\r\n"
    ),
    (
        "@hyperloglog",
        "\r\n  \u{1B}[1mPFADD\u{1B}[0m \u{1B}[90mkey [element [element ...]]\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Adds the specified elements to the specified HyperLogLog.\r\n  \u{1B}[33msince:\u{1B}[0m 2.8.9\r\n\r\n  \u{1B}[1mPFCOUNT\u{1B}[0m \u{1B}[90mkey [key ...]\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).\r\n  \u{1B}[33msince:\u{1B}[0m 2.8.9\r\n\r\n  \u{1B}[1mPFDEBUG\u{1B}[0m \u{1B}[90msubcommand key\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Internal commands for debugging HyperLogLog values\r\n  \u{1B}[33msince:\u{1B}[0m 2.8.9\r\n\r\n  \u{1B}[1mPFMERGE\u{1B}[0m \u{1B}[90mdestkey sourcekey [sourcekey ...]\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Merge N different HyperLogLogs into a single one.\r\n  \u{1B}[33msince:\u{1B}[0m 2.8.9\r\n\r\n  \u{1B}[1mPFSELFTEST\u{1B}[0m \u{1B}[90m\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m An internal command for testing HyperLogLog values\r\n  \u{1B}[33msince:\u{1B}[0m 2.8.9\r\n\r\n"
    ),
    (
        "@transactions",
        "\r\n  \u{1B}[1mDISCARD\u{1B}[0m \u{1B}[90m\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Discard all commands issued after MULTI\r\n  \u{1B}[33msince:\u{1B}[0m 2.0.0\r\n\r\n  \u{1B}[1mEXEC\u{1B}[0m \u{1B}[90m\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Execute all commands issued after MULTI\r\n  \u{1B}[33msince:\u{1B}[0m 1.2.0\r\n\r\n  \u{1B}[1mMULTI\u{1B}[0m \u{1B}[90m\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Mark the start of a transaction block\r\n  \u{1B}[33msince:\u{1B}[0m 1.2.0\r\n\r\n  \u{1B}[1mUNWATCH\u{1B}[0m \u{1B}[90m\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Forget about all watched keys\r\n  \u{1B}[33msince:\u{1B}[0m 2.2.0\r\n\r\n  \u{1B}[1mWATCH\u{1B}[0m \u{1B}[90mkey [key ...]\u{1B}[0m\r\n  \u{1B}[33msummary:\u{1B}[0m Watch the given keys to determine execution of the MULTI/EXEC block\r\n  \u{1B}[33msince:\u{1B}[0m 2.2.0\r\n\r\n"
    ),
    (
        "@nosuch",
        "\r\n"
    ),
    (
        "nosuch",
        "\r\n"
    ),
]
