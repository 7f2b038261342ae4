/// What swiotlb prints when it has no room for a bounce buffer, taken apart:
/// `nvme 0000:00:01.0: swiotlb buffer is full (sz: 327680 bytes), total 32768 (slots), used 128 (slots)`
/// or, before 4.x, `DMA: Out of SW-IOMMU space for 16384 bytes at device 08:00.0`; for a
/// coherent allocation (4.x, with a stack dump after it) `swiotlb: coherent allocation failed
/// for device 0000:07:00.0 size=2097152`.
public struct SwiotlbFull: Sendable, Equatable {
    /// A coherent allocation (dma_alloc_coherent), not a streaming mapping, found no room.
    public let coherent: Bool
    /// The device that asked for the mapping, when the line names it.
    public let device: String?
    /// The size of the mapping that failed.
    public let bytes: Int?
    /// The pool's slots, and how many were in use (4.x+).
    public let totalSlots: Int?
    public let usedSlots: Int?

    /// One slot is 2 KiB (IO_TLB_SHIFT 11); one bounce buffer spans at most IO_TLB_SEGSIZE = 128
    /// contiguous slots: 256 KiB, the most a single mapping can take (dma_max_mapping_size()).
    public static let slotBytes = 2048
    public static let maxSegmentSlots = 128

    public init?(_ message: String) {
        func after(_ marker: String, in text: String) -> Substring? {
            text.suffix(fromFirst: marker)?.dropFirst(marker.count)
        }
        if let rest = after("swiotlb: coherent allocation failed for device ", in: message) {
            coherent = true
            device = rest.split(separator: " ").first.map(String.init)
            bytes = after("size=", in: String(rest)).flatMap { Int($0.prefix { $0.isNumber }) }
            totalSlots = nil
            usedSlots = nil
            return
        }
        coherent = false
        if let rest = after("DMA: Out of SW-IOMMU space for ", in: message) {
            bytes = Int(rest.prefix { $0.isNumber })
            device = after(" at device ", in: String(rest)).map { String($0).trimmingSuffixBlanks }
            totalSlots = nil
            usedSlots = nil
            return
        }
        guard let at = message.firstByteOffset(of: "swiotlb buffer is full") else { return nil }
        let head = String(decoding: message.utf8.prefix(at), as: UTF8.self)
        device = head.hasSuffix(": ") ? String(head.dropLast(2)) : nil
        func number(after marker: String) -> Int? {
            guard let rest = after(marker, in: message) else { return nil }
            return Int(rest.drop { $0 == " " }.prefix { $0.isNumber })
        }
        bytes = number(after: "(sz: ")
        totalSlots = number(after: "total ")
        usedSlots = number(after: "used ")
    }
}

extension String {
    var trimmingSuffixBlanks: String {
        var s = Substring(self)
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
