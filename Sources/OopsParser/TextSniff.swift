import OopsCore

/// Whether an input reads as text. A vmcore, an ELF, a `.enc.z` pstore record or a UTF-16 file
/// read as lines finds nothing, and a user deserves to be told once why. Judged on the input's
/// first ``window`` bytes (as grep judges on its first buffer): control bytes other than a log's
/// own (tab, line ends, form feed, ESC) make up three tenths of them (an ELF header, a vmcore's
/// notes, UTF-16's every other byte). A serial capture's burst of NULs, or a crashed program's
/// string table dumped into a console log (a tenth of a syzkaller log's first 10 KB), stays text.
public struct TextSniff: Sendable {
    public static let window = 64 << 10
    private(set) var seen = 0
    private(set) var control = 0

    public init() {}

    /// Counts the control bytes of `bytes` until ``window`` bytes have been seen.
    public mutating func look(at bytes: UnsafeRawBufferPointer) {
        guard seen < Self.window else { return }
        let part = bytes.prefix(Self.window - seen)
        for b in part where (b < 0x20 && !Self.textControls.contains(b)) || b == 0x7F { control += 1 }
        seen += part.count
    }

    /// Tab, LF, VT, FF, CR and ESC: what kernel logs and terminals put in text.
    static let textControls: Set<UInt8> = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B]

    /// The one-line problem to report, nil for text.
    public var problem: InputProblem? {
        guard control >= 16, control * 10 >= seen * 3 else { return nil }
        return InputProblem(line: nil, message: "looks like binary data, not a text log (\(control) of its first \(seen) bytes are control bytes); its text lines were read anyway")
    }
}
