/// The memory a ``LineReader`` reads into: room for one chunk and the longest line. A thread
/// that reads many inputs keeps one and lends it to each reader: a fresh 1.25 MiB buffer per
/// small file costs an allocation the allocator hands back to the kernel on free, and with
/// several threads every such unmapping is a TLB shoot-down interrupting the other cores.
public final class ReadBuffer {
    public let chunkSize: Int
    public let maxLineLength: Int
    let capacity: Int
    let bytes: UnsafeMutableRawPointer

    public init(chunkSize: Int = LineReader.defaultChunkSize, maxLineLength: Int = LineReader.defaultMaxLineLength) {
        self.chunkSize = max(chunkSize, 4096)
        self.maxLineLength = max(maxLineLength, 64)
        self.capacity = self.chunkSize + self.maxLineLength
        self.bytes = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
    }

    deinit { bytes.deallocate() }
}
