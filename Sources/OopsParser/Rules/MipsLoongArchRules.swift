import OopsCore

/// The pc and return address of MIPS and LoongArch register dumps, each an address and its
/// symbol: MIPS `epc   : 80028fd4 r4k_blast_dcache_page_dc32+0x14/0xb8` and `ra    : …`
/// (arch/mips/kernel/traps.c), LoongArch `  ERA: 9000000004bf61d8 drm_gem_object_free+0x28/0x70`
/// and `   ra: …` (arch/loongarch/kernel/traps.c). The architecture stays `unknown` in the
/// record (SCHEMA names arm64 and x86_64 only). The grammar tries these before x86's:
/// `ERA: 9000…` reads as an x86 register line.
enum MipsLoongArchRules {
    /// `<name> : <address> <symbol>`; the symbol may be missing (an address outside the kernel).
    static func addressAndSymbol(_ name: String, _ literal: String, register: String, into frame: WritableKeyPath<Report, Frame?> & Sendable) -> LineRule {
        LineRule(name, literal, literal + #"\s*([0-9a-fA-F]{8,16})(?:\s+(\S+))?"#) { b, m in
            let address = m.hex(1)   // (before the frame's parse reuses the scratch)
            if let s = m.slice(2), let f = FrameSyntax.parse(s, scratch: m.scratch), !f.symbol.hasPrefix("0x") { b.mergeSymbol(of: frame, f) }
            b.mergeAddress(of: frame, address)
            if let address { b.setRegister(register, address) }
            return true
        }
    }

    static let rules: [LineRule] = [
        addressAndSymbol("mips-pc", "epc   :", register: "epc", into: \.pc),
        addressAndSymbol("mips-lr", "ra    :", register: "ra", into: \.lr),
        addressAndSymbol("loongarch-pc", "ERA:", register: "era", into: \.pc),
        addressAndSymbol("loongarch-lr", "ra:", register: "ra", into: \.lr),
        // The faulting address of the exception: MIPS `BadVA : 675f6b6c`, LoongArch
        // `BADV: 0000000000000008`. Under `Unable to handle kernel paging request` (whose own
        // line a mail client may have wrapped) it is that request's address.
        badAddress("mips-badva", "BadVA :", register: "badva"),
        badAddress("loongarch-badv", "BADV:", register: "badv"),
    ]

    static func badAddress(_ name: String, _ literal: String, register: String) -> LineRule {
        LineRule(name, literal, literal + #"\s*([0-9a-fA-F]{8,16})\s*$"#) { b, m in
            guard let a = m.hex(1) else { return true }
            b.setRegister(register, a)
            if b.report.message.includes("Unable to handle kernel") {
                b.withFault { f in f.address = f.address ?? Hex64(a) }
            }
            return true
        }
    }
}
