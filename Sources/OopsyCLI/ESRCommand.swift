import ArgumentParser
import Arm64
import Oopsy

/// `oopsy esr VALUE…`: an arm64 ESR taken apart.
struct ESRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esr",
        abstract: "Decode arm64 ESR_ELx values.",
        discussion: """
        Each field is shown with its bits in ESR_ELx, its value and its meaning, the ISS2 \
        fields (bits 55:32) of a data abort too. Values are hex, as the kernel prints them; \
        --decimal reads them as decimal numbers.

        Examples:
          oopsy esr 0x96000005
          oopsy esr 96000045 0x0000000096000006 f2000800
          oopsy esr --decimal 2516582405
        """
    )

    @Argument(help: "ESR values in hex, with or without 0x (decimal with --decimal).")
    var values: [String]

    @Flag(help: "Read the values as decimal numbers (a value with 0x stays hex).")
    var decimal = false

    @Flag(help: "Print JSON (docs/SCHEMA.md's esr_decoded) instead of text.")
    var json = false

    /// A value as given: hex (the kernel's form), or decimal with --decimal; at most 64 bits.
    func parse(_ v: String) -> UInt64? {
        if decimal, !v.hasPrefix("0x"), !v.hasPrefix("0X") { return UInt64(v) }
        return Hex64(parsing: v)?.value
    }

    func validate() throws {
        for v in values where parse(v) == nil {
            throw ValidationError("'\(TerminalSafe.escape(v))' is not a \(decimal ? "decimal or 0x-hex" : "hex") value of at most 64 bits")
        }
    }

    func run() throws {
        let out = Output()
        for v in values {
            guard let esr = parse(v) else { continue }
            let d = ESRDecoder.decode(esr)
            if json {
                out.write(try JSONWriter(pretty: true).encode(d))
                out.write("\n")
            } else {
                out.write(ESRText.describe(esr, d))
            }
        }
        try out.flush()
    }
}

/// The text form of an ESR decoding: a field per line with its bits, value and meaning, as an
/// engineer reads them beside the Arm ARM.
enum ESRText {
    static func describe(_ esr: UInt64, _ d: ESRDecoded) -> String {
        var lines = ["ESR \(Hex64(esr))"]
        let fields = ESRFields.fields(esr, d)
        let nameWidth = fields.map(\.name.count).max() ?? 4, bitsWidth = fields.map(\.bits.count).max() ?? 4
        let values = fields.map { $0.high == $0.low ? "\($0.value)" : Hex64($0.value).description }
        let valueWidth = values.map(\.count).max() ?? 1
        for (f, value) in zip(fields, values) {
            let row = "  " + f.name.padded(to: nameWidth) + "  " + f.bits.padded(to: bitsWidth) + "  " + value.padded(to: valueWidth)
            lines.append(f.meaning.isEmpty ? String(row.reversed().drop { $0 == " " }.reversed()) : row + "  " + f.meaning)
        }
        if let s = d.sysreg { lines.append("  insn  \(s)") }
        if let acc = ESRDecoder.access(d) { lines.append("  access  \(acc.rawValue)") }
        return lines.joined(separator: "\n") + "\n\n"
    }
}
