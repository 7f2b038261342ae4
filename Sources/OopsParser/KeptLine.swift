/// A line kept aside for a report that may begin with it, as read (a paste's task line before
/// its register dump, a WARN's message before its cut WARNING line, an inlined frame's
/// headline): its number, bytes and where its message begins.
struct KeptLine {
    let number: Int
    let raw: [UInt8]
    let messageStart: Int

    init(_ number: Int, _ raw: UnsafeRawBufferPointer, messageStart: Int) {
        self.number = number
        self.raw = Array(raw)
        self.messageStart = messageStart
    }
}
