/// Encodes the few arm64 instructions a synthetic oops needs for its `Code:` line (Arm ARM
/// encodings), so that oopsy's own replay of the synthetic oops reproduces its fault.
enum InstructionEncoder {
    static let nop: UInt32 = 0xd503_201f

    /// A load of `size` bytes into register `rt` from `[xn, #offset]`: LDR (unsigned offset)
    /// when the offset is scaled and in range, LDUR for small unscaled offsets.
    static func load(rt: Int, rn: Int, offset: Int, size: Int) -> UInt32? {
        let sizeBits: UInt32
        switch size {
        case 8: sizeBits = 3
        case 4: sizeBits = 2
        case 2: sizeBits = 1
        default: sizeBits = 0
        }
        let rtBits = UInt32(rt & 31), rnBits = UInt32(rn & 31) << 5
        if offset >= 0, offset % size == 0, offset / size < 4096 {
            // size 111 0 01 01 imm12 Rn Rt
            return sizeBits << 30 | 0x3940_0000 | UInt32(offset / size) << 10 | rnBits | rtBits
        }
        if offset >= -256, offset < 256 {
            // size 111 0 00 01 0 imm9 00 Rn Rt
            return sizeBits << 30 | 0x3840_0000 | (UInt32(bitPattern: Int32(offset)) & 0x1ff) << 12 | rnBits | rtBits
        }
        return nil
    }

    /// `dc ivac, x<rt>`: SYS #0, C7, C6, #1.
    static func dcIVAC(rt: Int) -> UInt32 { 0xd508_7620 | UInt32(rt & 31) }

    /// `dc cvac, x<rt>`: SYS #3, C7, C10, #1 (the clean for the device).
    static func dcCVAC(rt: Int) -> UInt32 { 0xd50b_7a20 | UInt32(rt & 31) }
}
