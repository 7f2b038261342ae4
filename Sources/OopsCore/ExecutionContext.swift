/// Who was running and on what: the `CPU: … PID: … Comm: … Tainted: …` line and its neighbours.
public struct ExecutionContext: Codable, Sendable, Equatable {
    public var cpu: Int?
    public var pid: Int?
    public var comm: String?
    /// The taint flags string (`G W`, runs of spaces collapsed); nil when `Not tainted`.
    public var tainted: String?
    /// The release (`4.19.3`, `6.1.0-56-arm64`).
    public var kernel: String?
    /// Where `kernel` came from when the report's own lines did not print it (the log's
    /// `Linux version` banner, or an earlier report of the same boot); nil when they did.
    public var kernelFrom: String?
    /// The build number and tags as printed after the release (`#90`, `#1 SMP PREEMPT`).
    public var build: String?
    public var hardware: String?
    public var workqueue: String?
    /// The printk caller id of the report's first line (`T70`, `C3`), when the log has them.
    public var caller: String?
    /// The printk timestamp of the report's first line, in seconds as printed.
    public var timestamp: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case cpu, pid, comm, tainted, kernel, build, hardware, workqueue, caller, timestamp
        case kernelFrom = "kernel_from"
    }
}
