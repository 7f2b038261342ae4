#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line of input: its bytes without the terminator and its 1-based number in the input as
/// given. `bytes` is valid only inside the callback that receives it.
public struct InputLine {
    public let number: Int
    public let bytes: UnsafeRawBufferPointer
    /// The line was longer than the reader's cap; `bytes` holds its first `maxLineLength` bytes.
    public let overlong: Bool
}

/// Why an input could not be read.
public struct ReadFailure: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
    public init(message: String) { self.message = message }
}

/// Streams lines out of a file descriptor (or a byte buffer) in fixed-size chunks, so memory is
/// bounded by the chunk and the longest line, never by the input.
///
/// Lines end at LF; a CR before the LF is dropped, and a CR inside a line (serial consoles,
/// `\n\r` endings, progress output) splits it into pieces that share the line's number. NUL
/// bytes and invalid UTF-8 pass through as bytes. A line longer than `maxLineLength` is cut
/// there and flagged `overlong`; the rest of it is skipped.
public final class LineReader {
    public static let defaultChunkSize = 1 << 20
    public static let defaultMaxLineLength = 256 << 10

    private let fd: Int32
    private let storage: ReadBuffer
    private var maxLineLength: Int { storage.maxLineLength }
    private var buffer: UnsafeMutableRawPointer { storage.bytes }
    private var capacity: Int { storage.capacity }
    /// Milliseconds without input after which a pipe or terminal counts as idle.
    public var idleMilliseconds: Int32 = 300
    /// Bytes read so far (after decompression, when the descriptor is a decompressor's pipe).
    public private(set) var bytesRead = 0
    /// Whether the input reads as text, judged on its first bytes.
    public private(set) var sniff = TextSniff()

    /// Reads from `fd`, which the caller owns and closes.
    public convenience init(fileDescriptor fd: Int32, chunkSize: Int = LineReader.defaultChunkSize,
                            maxLineLength: Int = LineReader.defaultMaxLineLength) {
        self.init(fileDescriptor: fd, buffer: ReadBuffer(chunkSize: chunkSize, maxLineLength: maxLineLength))
    }

    /// Bytes already read from `fd` (to recognise a compressed input) that come first.
    private let head: [UInt8]

    /// Reads from `fd` into `buffer`, which must not be in use by another reader at the same
    /// time; `head`, bytes the caller already read from `fd`, comes first.
    public init(fileDescriptor fd: Int32, buffer: ReadBuffer, head: [UInt8] = []) {
        self.fd = fd
        self.storage = buffer
        self.head = Array(head.prefix(buffer.capacity))
    }

    /// Calls `onLine` for every line, in order. For pipes and terminals `onIdle` is called when
    /// no input arrived for `idleMilliseconds` (so `dmesg -w | oopsy` can flush a finished report).
    public func forEachLine(_ onLine: (InputLine) throws -> Void, onIdle: () throws -> Void = {}) throws {
        try withoutActuallyEscaping(onLine) { line in
            try withoutActuallyEscaping(onIdle) { idle in
                var consumer = ClosureConsumer(onLine: line, onIdle: idle)
                try feed(into: &consumer)
            }
        }
    }

    /// Feeds every line to `consumer` (the fast path: no closure, static exclusivity).
    public func feed<C: LineConsumer>(into consumer: inout C) throws {
        var st = stat()
        let isStream = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG
        var splitter = LineSplitter(maxLineLength: maxLineLength)
        var start = 0
        var end = head.count
        head.withUnsafeBytes { if let h = $0.baseAddress { buffer.copyMemory(from: h, byteCount: $0.count) } }
        bytesRead = head.count
        sniff.look(at: UnsafeRawBufferPointer(start: buffer, count: head.count))
        var n = head.count
        while true {
            if n == 0 {
                if isStream { try waitForInput(&consumer) }
                n = read(fd, buffer + end, capacity - end)
                if n < 0 {
                    n = 0
                    if errno == EINTR { continue }
                    if errno == EAGAIN { try waitForInput(&consumer); continue }
                    throw ReadFailure(message: String(cString: strerror(errno)))
                }
                if n == 0 { break }
                sniff.look(at: UnsafeRawBufferPointer(start: buffer + end, count: n))
                end += n
                bytesRead += n
            }
            n = 0
            start = try splitter.split(UnsafeRawBufferPointer(start: buffer, count: end), from: start, into: &consumer)
            // Keep the unfinished line; move it to the front so the next read has room.
            if start > 0 {
                if start < end { memmove(buffer, buffer + start, end - start) }
                end -= start
                start = 0
            }
        }
        try splitter.finish(UnsafeRawBufferPointer(start: buffer, count: end), from: start, into: &consumer)
    }

    private func waitForInput<C: LineConsumer>(_ consumer: inout C) throws {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let r = poll(&p, 1, idleMilliseconds)
            if r > 0 { return }
            if r == 0 { try consumer.idle(); continue }
            if errno == EINTR { continue }
            return   // let read() report the error
        }
    }
}

/// Cuts a byte buffer into lines; the part of ``LineReader`` that works on memory, also used
/// for in-memory inputs (``LineSplitter/forEachLine(in:maxLineLength:_:)``).
public struct LineSplitter {
    private let maxLineLength: Int
    private var completed = 0        // lines ended by LF so far
    private var skippingOverlong = false

    public init(maxLineLength: Int = LineReader.defaultMaxLineLength) {
        self.maxLineLength = maxLineLength
    }

    /// Splits every complete line of `bytes[from...]`; returns where the unfinished tail starts.
    /// An unfinished tail longer than the cap is emitted (flagged) and dropped.
    public mutating func split<C: LineConsumer>(_ bytes: UnsafeRawBufferPointer, from: Int,
                                               into consumer: inout C) throws -> Int {
        guard let base = bytes.baseAddress else { return from }
        var start = from
        let end = bytes.count
        consumer.chunk(UnsafeRawBufferPointer(rebasing: bytes[from...]))
        // CRs are rare: one search finds the next, instead of a search of every line.
        var nextCR = -1
        while start < end {
            guard let nl = memchr(base + start, 0x0A, end - start) else { break }
            let lineEnd = base.distance(to: UnsafeRawPointer(nl))
            if skippingOverlong {
                skippingOverlong = false
            } else {
                let length = lineEnd - start
                let overlong = length > maxLineLength
                if nextCR < start {
                    nextCR = memchr(base + start, 0x0D, end - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? end
                }
                try emit(UnsafeRawBufferPointer(start: base + start, count: overlong ? maxLineLength : length),
                         number: completed + 1, overlong: overlong, mayHoldCR: nextCR < lineEnd, &consumer)
            }
            completed += 1
            start = lineEnd + 1
        }
        if end - start >= maxLineLength {
            if !skippingOverlong {
                try emit(UnsafeRawBufferPointer(start: base + start, count: maxLineLength),
                         number: completed + 1, overlong: true, &consumer)
                skippingOverlong = true
            }
            return end
        }
        return start
    }

    /// Emits the last line when the input does not end with LF.
    public mutating func finish<C: LineConsumer>(_ bytes: UnsafeRawBufferPointer, from: Int,
                                                into consumer: inout C) throws {
        guard from < bytes.count, !skippingOverlong, let base = bytes.baseAddress else { return }
        let length = bytes.count - from
        consumer.chunk(UnsafeRawBufferPointer(rebasing: bytes[from...]))
        try emit(UnsafeRawBufferPointer(start: base + from, count: min(length, maxLineLength)),
                 number: completed + 1, overlong: length > maxLineLength, &consumer)
        completed += 1
    }

    /// Every line of an in-memory buffer.
    public static func forEachLine(in bytes: UnsafeRawBufferPointer, maxLineLength: Int = LineReader.defaultMaxLineLength,
                                   _ onLine: (InputLine) throws -> Void) throws {
        try withoutActuallyEscaping(onLine) { line in
            var consumer = ClosureConsumer(onLine: line, onIdle: {})
            try feed(bytes, maxLineLength: maxLineLength, into: &consumer)
        }
    }

    /// Feeds every line of an in-memory buffer to `consumer`.
    public static func feed<C: LineConsumer>(_ bytes: UnsafeRawBufferPointer, maxLineLength: Int = LineReader.defaultMaxLineLength,
                                             into consumer: inout C) throws {
        var splitter = LineSplitter(maxLineLength: maxLineLength)
        let tail = try splitter.split(bytes, from: 0, into: &consumer)
        try splitter.finish(bytes, from: tail, into: &consumer)
    }

    @inline(__always)
    private func emit<C: LineConsumer>(_ line: UnsafeRawBufferPointer, number: Int, overlong: Bool,
                                       mayHoldCR: Bool = true, _ consumer: inout C) throws {
        guard let base = line.baseAddress, mayHoldCR else {
            try consumer.feed(InputLine(number: number, bytes: line, overlong: overlong))
            return
        }
        var count = line.count
        while count > 0 && line[count - 1] == 0x0D { count -= 1 }
        // A CR left inside the line separates pieces (lone-CR line ends, `\n\r` serial output).
        guard count > 0, let cr = memchr(base, 0x0D, count) else {
            try consumer.feed(InputLine(number: number, bytes: UnsafeRawBufferPointer(start: base, count: count), overlong: overlong))
            return
        }
        var pieceStart = 0
        var crAt = base.distance(to: UnsafeRawPointer(cr))
        var emitted = false
        while true {
            if crAt > pieceStart {
                try consumer.feed(InputLine(number: number, bytes: UnsafeRawBufferPointer(start: base + pieceStart, count: crAt - pieceStart), overlong: overlong))
                emitted = true
            }
            pieceStart = crAt + 1
            guard pieceStart < count else { break }
            if let next = memchr(base + pieceStart, 0x0D, count - pieceStart) {
                crAt = base.distance(to: UnsafeRawPointer(next))
            } else {
                crAt = count
            }
        }
        if !emitted {
            try consumer.feed(InputLine(number: number, bytes: UnsafeRawBufferPointer(start: base, count: 0), overlong: overlong))
        }
    }
}

/// What lines are fed to: the report scanner, or a closure (``ClosureConsumer``).
public protocol LineConsumer {
    mutating func feed(_ line: InputLine) throws
    /// No input arrived for a while on a pipe or terminal.
    mutating func idle() throws
    /// The lines fed next are slices of `bytes` (until the next call): a consumer may search
    /// the chunk once instead of every line.
    mutating func chunk(_ bytes: UnsafeRawBufferPointer)
}

extension LineConsumer {
    public mutating func chunk(_ bytes: UnsafeRawBufferPointer) {}
}

/// Adapts closures to ``LineConsumer``.
public struct ClosureConsumer: LineConsumer {
    let onLine: (InputLine) throws -> Void
    let onIdle: () throws -> Void
    public init(onLine: @escaping (InputLine) throws -> Void, onIdle: @escaping () throws -> Void) {
        self.onLine = onLine
        self.onIdle = onIdle
    }
    public mutating func feed(_ line: InputLine) throws { try onLine(line) }
    public mutating func idle() throws { try onIdle() }
}
