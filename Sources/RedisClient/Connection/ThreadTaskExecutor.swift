#if canImport(Glibc)
import Glibc
#endif

/// Runs a task's jobs on one thread of its own, so the task may block that thread in a
/// socket call (`BlockingConnection`) without holding one of the few threads Swift's
/// cooperative pool has (two on a 2-CPU machine). `stop()` ends the thread once its queue is
/// empty; a job enqueued after that never runs, so stop only when the task is done with it.
public final class ThreadTaskExecutor: TaskExecutor, @unchecked Sendable {
    // Guarded by `mutex`; the pthread objects are allocated so their addresses never move.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [UnownedJob] = []
    private var stopping = false

    public init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        // The thread keeps the executor alive until its loop ends (after `stop()`).
        let retained = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(
            &thread, nil,
            { argument in
                guard let argument else { return nil }
                Unmanaged<ThreadTaskExecutor>.fromOpaque(argument).takeRetainedValue().loop()
                return nil
            }, retained)
        if created == 0 {
            pthread_detach(thread)
        } else {
            // No thread: jobs run on the caller's instead (slower for a blocking task, never lost).
            Unmanaged<ThreadTaskExecutor>.fromOpaque(retained).release()
            stopping = true
        }
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        pthread_mutex_lock(mutex)
        let running = !stopping
        if running {
            jobs.append(job)
            pthread_cond_signal(condition)
        }
        pthread_mutex_unlock(mutex)
        if !running { job.runSynchronously(on: asUnownedTaskExecutor()) }
    }

    /// Lets the thread end once it has run what it was given.
    public func stop() {
        pthread_mutex_lock(mutex)
        stopping = true
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    private func loop() {
        while true {
            pthread_mutex_lock(mutex)
            while jobs.isEmpty && !stopping { pthread_cond_wait(condition, mutex) }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            let done = batch.isEmpty && stopping
            pthread_mutex_unlock(mutex)
            if done { return }
            for job in batch { job.runSynchronously(on: asUnownedTaskExecutor()) }
        }
    }
}
