// Why C: the code between fork and exec must be async-signal-safe, and Linux delivers the
// parent-death signal when the *thread* that forked exits, not the process. Swift's
// cooperative threads come and go, so every spawn is done by one thread that lives as long
// as the process.

#define _GNU_SOURCE
#include "cspawn.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

extern char **environ;

struct request {
    const char *path;
    char *const *argv;
    const char *output_path;
    int death_signal;
    pid_t pid;
    int error;
    int done;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static struct request *pending;
static pthread_once_t started = PTHREAD_ONCE_INIT;
static int spawner_running;

// Runs in the child: only system calls from here to exec.
static void child(const struct request *request, pid_t parent, int report) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int signal = 1; signal < 32; signal++) {
        if (signal != SIGKILL && signal != SIGSTOP) {
            struct sigaction action;
            memset(&action, 0, sizeof action);
            action.sa_handler = SIG_DFL;
            sigaction(signal, &action, NULL);
        }
    }
    setpgid(0, 0);
#ifdef __linux__
    if (request->death_signal > 0) {
        prctl(PR_SET_PDEATHSIG, request->death_signal);
        // rwb may have died between fork and prctl: then nobody would stop this process.
        if (getppid() != parent) _exit(127);
    }
#endif
    int input = open("/dev/null", O_RDONLY);
    int output = open(request->output_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (input < 0 || output < 0 || dup2(input, 0) < 0 || dup2(output, 1) < 0 || dup2(output, 2) < 0) goto failed;
    if (input > 2) close(input);
    if (output > 2) close(output);
    execve(request->path, request->argv, environ);
failed:;
    int code = errno;
    ssize_t ignored = write(report, &code, sizeof code);
    (void)ignored;
    _exit(127);
}

static void serve(struct request *request) {
    int pipe_ends[2];
    if (pipe2(pipe_ends, O_CLOEXEC) != 0) {
        request->pid = -1;
        request->error = errno;
        return;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) child(request, parent, pipe_ends[1]);
    close(pipe_ends[1]);
    if (pid < 0) {
        request->pid = -1;
        request->error = errno;
        close(pipe_ends[0]);
        return;
    }
    // The pipe closes on a successful exec; otherwise the child writes why it failed.
    int code = 0;
    ssize_t got;
    do {
        got = read(pipe_ends[0], &code, sizeof code);
    } while (got < 0 && errno == EINTR);
    close(pipe_ends[0]);
    if (got == sizeof code) {
        int status;
        waitpid(pid, &status, 0);
        request->pid = -1;
        request->error = code;
        return;
    }
    request->pid = pid;
    request->error = 0;
}

static void *spawner(void *unused) {
    (void)unused;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (pending == NULL) pthread_cond_wait(&changed, &lock);
        struct request *request = pending;
        pending = NULL;
        serve(request);
        request->done = 1;
        pthread_cond_broadcast(&changed);
    }
    return NULL;
}

static void start_spawner(void) {
    pthread_t thread;
    // Signals are for the other threads: this one only forks.
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    if (pthread_create(&thread, NULL, spawner, NULL) == 0) {
        pthread_detach(thread);
        spawner_running = 1;
    }
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
}

pid_t rwb_spawn(const char *path, char *const argv[], const char *output_path, int death_signal, int *error) {
    pthread_once(&started, start_spawner);
    struct request request = {path, argv, output_path, death_signal, -1, 0, 0};
    if (!spawner_running) {
        // No thread to spare: spawn from this one (the death signal may then come early
        // if this thread ends, so it is not asked for).
        request.death_signal = 0;
        serve(&request);
        *error = request.error;
        return request.pid;
    }
    pthread_mutex_lock(&lock);
    while (pending != NULL) pthread_cond_wait(&changed, &lock);
    pending = &request;
    pthread_cond_broadcast(&changed);
    while (!request.done) pthread_cond_wait(&changed, &lock);
    pthread_mutex_unlock(&lock);
    *error = request.error;
    return request.pid;
}
