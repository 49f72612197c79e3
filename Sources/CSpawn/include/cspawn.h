#ifndef RWB_CSPAWN_H
#define RWB_CSPAWN_H

#include <sys/types.h>

/// Starts `path` with `argv` (NULL-terminated) and the current environment: standard input
/// from /dev/null, standard output and error appended to `output_path`, a fresh process
/// group, default signal handling and an empty signal mask. On Linux the child also gets
/// `death_signal` when rwb dies, however it dies (SIGKILL included), so that no server is
/// orphaned. Returns the child's PID, or -1 with `*error` set to an errno value.
pid_t rwb_spawn(const char *path, char *const argv[], const char *output_path, int death_signal, int *error);

#endif
