/// Register lines print several `name: value` tokens (`x29: ffff… x28: 0000…`,
/// `RAX: … RBX: …`, `gp : … tp : …`). One walk for every architecture's token pattern: group 1
/// is the name, group 2 the hex digits.
enum RegisterTokens {
    /// Calls `body` with each token's name and value; a value longer than 64 bits is passed
    /// as nil with its digit count, for the caller to note.
    static func forEach(_ pattern: Pattern, in bytes: UnsafeRawBufferPointer, from start: Int = 0, scratch: MatchScratch,
                        _ body: (_ name: String, _ value: UInt64?, _ digits: Int) -> Void) {
        var at = start
        while at < bytes.count, pattern.matches(bytes, from: at, in: scratch) {
            guard let whole = scratch.range(0), let name = scratch.string(1, in: bytes),
                  let digits = scratch.range(2) else { break }
            body(name, digits.count <= 16 ? scratch.hex(2, in: bytes) : nil, digits.count)
            at = whole.upperBound
        }
    }
}
