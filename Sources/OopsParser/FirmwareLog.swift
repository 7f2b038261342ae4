/// Boot firmware that shares the serial console with the kernel (ARM Trusted Firmware's BL31,
/// OP-TEE, some SPLs) prints its level names padded to nine columns: `NOTICE:  BL31: v2.9`,
/// `INFO:    BL31: Preparing for EL3 exit`, `ERROR:   …`. Its `WARNING: No OPTEE provided by
/// BL2 boot loader` among them is the firmware's, not the kernel's WARN: a capture from power-on
/// holds both.
struct FirmwareLog {
    /// Lines after a firmware line in which a `WARNING:` is still the firmware's.
    static let reach = 2

    private var lastFirmwareLine = Int.min / 2

    /// Notes a line (`text`: its message, blanks skipped).
    @inline(__always)
    mutating func note(_ number: Int, _ text: UnsafeRawBufferPointer) {
        guard let c = text.first, c == UInt8(ascii: "N") || c == UInt8(ascii: "I") || c == UInt8(ascii: "E") || c == UInt8(ascii: "V") else { return }
        if ByteText.hasPrefix(text, "NOTICE:  ") || ByteText.hasPrefix(text, "INFO:    ")
            || ByteText.hasPrefix(text, "ERROR:   ") || ByteText.hasPrefix(text, "VERBOSE: ") {
            lastFirmwareLine = number
        }
    }

    /// Whether a `WARNING:` on `line` is among the firmware's lines.
    func owns(_ line: Int) -> Bool { line - lastFirmwareLine <= Self.reach }
}
