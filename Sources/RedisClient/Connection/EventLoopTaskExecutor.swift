import NIOCore

/// Runs a task's jobs on one NIO event loop. A client loop that runs with this preference
/// writes its commands and resumes after their replies on the loop that does its I/O: no
/// hop between threads per request (on a small VM a cross-CPU wake costs ~40 µs, far more
/// than a cached GET).
public final class EventLoopTaskExecutor: TaskExecutor {
    public let eventLoop: EventLoop

    public init(_ eventLoop: EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // The closure holds the executor until the job has run: the job refers to it by an
        // unowned reference, and a connection makes a new executor each time it is asked.
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
