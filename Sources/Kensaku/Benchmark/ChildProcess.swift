#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program as a child process and measures it, for `kensaku bench`.
enum ChildProcess {
    /// What a finished child took.
    struct Measurement {
        /// Exit status (or 128 + signal number).
        var status: Int32
        /// Wall-clock seconds from just before spawning to just after the child was reaped.
        var seconds: Double
        /// The child's peak resident set size in bytes (`ru_maxrss` from `wait4`, which counts
        /// this child only, unlike `getrusage(RUSAGE_CHILDREN)`).
        var peakResidentBytes: Int
    }

    /// Spawns `executable` with `arguments`, output discarded, and waits for it.
    ///
    /// - Throws: `KensakuError` (`benchmarkFailed`) when the program cannot be started.
    static func run(_ executable: String, _ arguments: [String]) throws(KensakuError) -> Measurement {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let clock = ContinuousClock()
        let started = clock.now
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw KensakuError(.benchmarkFailed(detail: "cannot start '\(executable)': \(String(cString: strerror(spawned)))"))
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = clock.now - started
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Measurement(status: exitStatus, seconds: elapsed.seconds, peakResidentBytes: Int(usage.ru_maxrss) * 1024)
    }

    /// The path of the running executable (`/proc/self/exe` on Linux).
    static func currentExecutablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
