import ArgumentParser
import Arm64
import Oopsy

/// `oopsy esr VALUE…`: an arm64 ESR taken apart.
struct ESRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "esr",
        abstract: "Decode arm64 ESR_ELx values.",
        discussion: """
        Examples:
          oopsy esr 0x96000005
          oopsy esr 96000045 0x0000000096000006 f2000800
        """
    )

    @Argument(help: "ESR values in hex, with or without 0x.")
    var values: [String]

    @Flag(help: "Print JSON (docs/SCHEMA.md's esr_decoded) instead of text.")
    var json = false

    func validate() throws {
        for v in values where Hex64(parsing: v) == nil {
            throw ValidationError("'\(TerminalSafe.escape(v))' is not a hex value of at most 16 digits")
        }
    }

    func run() throws {
        let out = Output()
        for v in values {
            guard let esr = Hex64(parsing: v) else { continue }
            let d = ESRDecoder.decode(esr.value)
            if json {
                out.write(try JSONWriter(pretty: true).encode(d))
                out.write("\n")
            } else {
                out.write(ESRText.describe(esr.value, d))
            }
        }
        try out.flush()
    }
}

/// The text form of an ESR decoding: one field per line, as an engineer reads them.
enum ESRText {
    static func describe(_ esr: UInt64, _ d: ESRDecoded) -> String {
        var lines = ["ESR \(Hex64(esr))", "  EC    \(d.ec)  \(d.ecName)", "  IL    \(d.il) bits", "  ISS   \(d.iss)"]
        if let v = d.iss2 { lines.append("  ISS2  \(v)") }
        if let f = d.dfsc { lines.append("  DFSC  \(f)  \(d.dfscName ?? "")") }
        if let f = d.ifsc { lines.append("  IFSC  \(f)  \(d.ifscName ?? "")") }
        func flag(_ name: String, _ v: Bool?) { if let v { lines.append("  " + name.padded(to: 6) + (v ? "1" : "0")) } }
        flag("WnR", d.wnr); flag("CM", d.cm); flag("EA", d.ea); flag("S1PTW", d.s1ptw); flag("FnV", d.fnv)
        flag("ISV", d.isv)
        if let s = d.sas { lines.append("  SAS   \(s) bytes  SRT x\(d.srt ?? 0)  SF \(d.sf == true ? 1 : 0)  SSE \(d.sse == true ? 1 : 0)  AR \(d.ar == true ? 1 : 0)") }
        if let s = d.set { lines.append("  SET   \(s)") }
        if let c = d.comment { lines.append("  imm   \(c)  \(d.meaning ?? "")") }
        if let i = d.ids { lines.append("  IDS   \(i ? 1 : 0)") }
        if let a = d.aet { lines.append("  AET   \(a)") }
        if let s = d.sysreg { lines.append("  insn  \(s)") }
        if let acc = ESRDecoder.access(d) { lines.append("  access  \(acc.rawValue)") }
        return lines.joined(separator: "\n") + "\n\n"
    }
}
