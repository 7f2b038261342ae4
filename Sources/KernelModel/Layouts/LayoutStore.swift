import Foundation

/// Loads the layout tables shipped as data (Data/layouts/*.json: Appendix A of the model
/// document and the lab's BTF extractions) and hands out a ``Layout`` per profile.
public final class LayoutStore: @unchecked Sendable {
    public static let shared = LayoutStore()

    private struct File: Decodable {
        let profile: String
        let source: String
        let kernel: String?
        let variants: [String: [String: StructLayout]]
    }

    private var layouts: [KernelProfile: Layout] = [:]
    /// Files that could not be read (a broken build; a test asserts this is empty).
    public private(set) var problems: [String] = []
    private let lock = NSLock()

    init() {
        guard let dir = Bundle.module.url(forResource: "Data", withExtension: nil)?.appendingPathComponent("layouts"),
              let files = try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil) else {
            problems.append("no layout data in the KernelModel bundle")
            return
        }
        let profilesByKey = Dictionary(uniqueKeysWithValues: (KernelProfile.defconfig + KernelProfile.debian).map {
            ("\($0.layoutKey)/\($0.lockDebug.rawValue)", $0)
        })
        for url in files where url.pathExtension == "json" {
            do {
                let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
                let key = url.deletingPathExtension().lastPathComponent
                for (variant, structs) in file.variants {
                    guard let profile = profilesByKey["\(key)/\(variant)"] else { continue }
                    layouts[profile] = Layout(profile: profile, source: file.source, structs: structs, release: file.kernel)
                }
            } catch {
                problems.append("\(url.lastPathComponent): \(error)")
            }
        }
    }

    /// The layout of a profile; nil when none was measured.
    public func layout(for profile: KernelProfile) -> Layout? {
        lock.lock()
        defer { lock.unlock() }
        return layouts[profile]
    }

    public var profiles: [KernelProfile] {
        lock.lock()
        defer { lock.unlock() }
        return Array(layouts.keys)
    }
}
