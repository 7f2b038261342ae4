import Foundation
import Testing
import OopsCore
import KernelModel
import Analysis
import Diagnosis

/// The model held to the kernel lab (issue 10): for every lab log, what the path emulator
/// predicts for that era (faulting function, fault address, trace head, or "no oops") against
/// what the real Debian kernel printed; the model's layout tables against the BTF the lab read
/// from each kernel; and oopsy's diagnosis of every lab log. `OOPSY_LAB_DIR` points the test at
/// a fresh lab run (CI runs the 6.1 era); by default it reads Corpus/lab.
struct LabComparisonTests {
    static let labDir: URL = {
        if let dir = ProcessInfo.processInfo.environment["OOPSY_LAB_DIR"] { return URL(fileURLWithPath: dir) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Corpus/lab")
    }()

    struct Row: CustomStringConvertible {
        let era: String, scenario: String, predicted: String, observed: String, agrees: Bool, note: String
        var description: String { "| \(era) | \(scenario) | \(predicted) | \(observed) | \(agrees ? "yes" : note.isEmpty ? "NO" : "lab: " + note) |" }
    }

    static func rows() throws -> [Row] {
        var rows: [Row] = []
        let fm = FileManager.default
        for era in ["5.10", "6.1", "6.12"] {
            let dir = labDir.appendingPathComponent(era)
            guard fm.fileExists(atPath: dir.path), let e = Era(rawValue: era) else { continue }
            for lab in LabScenario.all {
                let log = dir.appendingPathComponent(lab.name + ".log")
                guard let data = try? Data(contentsOf: log) else { continue }
                let reports = Analyzer().analyze(bytes: Array(data)).reports
                let observed = LabOutcome.observed(reports)
                guard let id = lab.model else {
                    let dma = reports.contains { $0.diagnoses.first?.model == "dma-iommu" }
                    rows.append(Row(era: era, scenario: lab.name, predicted: "no dma-iommu diagnosis", observed: observed + (dma ? " (dma-iommu diagnosed!)" : ""), agrees: !dma, note: ""))
                    continue
                }
                let s = try #require(Scenarios.scenario(id))
                let r = try #require(PathEmulator.shared.run(s, on: KernelProfile(era: e, distro: "debian"), memoryDebug: lab.memoryDebug))
                let predicted = LabOutcome.predicted(r)
                // A model WARN matches the lab's WARNs listed in order; an oops may follow a WARN.
                let agrees = predicted == observed || (predicted.hasPrefix("oops") && observed == predicted)
                rows.append(Row(era: era, scenario: lab.name, predicted: predicted, observed: observed,
                                agrees: agrees, note: lab.labLimitation ?? ""))
            }
        }
        return rows
    }

    @Test func modelAgreesWithTheLab() throws {
        let rows = try Self.rows()
        print("| era | scenario | model predicts | kernel printed | agrees |\n|---|---|---|---|---|")
        for r in rows { print(r) }
        #expect(rows.count >= 16, "the lab logs are missing from \(Self.labDir.path)")
        let disagreements = rows.filter { !$0.agrees && $0.note.isEmpty }
        #expect(disagreements.isEmpty, Comment(rawValue: disagreements.map(\.description).joined(separator: "\n")))
    }

    /// The model's Debian profiles are the lab's BTF: every offset the model uses is the one
    /// pahole read from the running kernel's type information.
    @Test func layoutsMatchTheBTF() throws {
        for era in ["5.10", "6.1", "6.12"] {
            let url = Self.labDir.appendingPathComponent(era).appendingPathComponent("layouts.json")
            guard let data = try? Data(contentsOf: url), let e = Era(rawValue: era) else { continue }
            let btf = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            let layout = try #require(LayoutStore.shared.layout(for: KernelProfile(era: e, distro: "debian")))
            for path in ["iommu_group.default_domain", "iommu_domain.iova_cookie", "iommu_domain.ops", "iommu_dma_cookie.iovad.granule",
                         "device.dma_ops", "device.dma_mask", "device.iommu_group", "dma_map_ops.map_page"] {
                let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
                let fields = (btf[parts[0]] as? [String: Any])?["fields"] as? [String: Any]
                let measured = fields?[parts[1]] as? Int
                #expect(measured != nil, "\(era): the lab's BTF has no \(path)")
                #expect(layout.offset(path) == measured, "\(era) \(path): model \(layout.offset(path).map { String($0) } ?? "nil"), BTF \(measured.map { String($0) } ?? "nil")")
            }
        }
    }

    /// oopsy on every lab log: the report is found, memory faults replay, the scenario's
    /// catalogue entry is named; controls get no dma-iommu diagnosis.
    @Test func diagnosesTheLabLogs() throws {
        for era in ["5.10", "6.1", "6.12"] {
            for lab in LabScenario.all {
                let url = Self.labDir.appendingPathComponent(era).appendingPathComponent(lab.name + ".log")
                guard let data = try? Data(contentsOf: url) else { continue }
                let reports = Analyzer().analyze(bytes: Array(data)).reports
                for r in reports where r.kind.isMemoryFault && r.code?.words.isEmpty == false {
                    #expect(r.replay?.status == .reproduced, "\(era)/\(lab.name): replay \(r.replay?.status.rawValue ?? "none")")
                }
                guard let id = lab.model, let mode = Scenarios.scenario(id)?.failureMode else {
                    #expect(!reports.contains { $0.diagnoses.first?.model == "dma-iommu" }, "\(era)/\(lab.name) is a control")
                    continue
                }
                let e = try #require(Era(rawValue: era))
                let scenario = try #require(Scenarios.scenario(id))
                let profile = KernelProfile(era: e, distro: "debian")
                let emulated = try #require(PathEmulator.shared.run(scenario, on: profile, memoryDebug: lab.memoryDebug))
                if lab.labLimitation != nil { continue }
                if case .silent = emulated.outcome { #expect(reports.isEmpty, "\(era)/\(lab.name)"); continue }
                // Scenarios that print the same thing on this kernel are equally right answers.
                let twins = Set(Scenarios.all.compactMap { t -> String? in
                    let md = t.memoryDebug.contains(lab.memoryDebug) ? lab.memoryDebug : t.memoryDebug.first
                    guard let r = PathEmulator.shared.run(t, on: profile, memoryDebug: md), r.outcome.signature == emulated.outcome.signature else { return nil }
                    return t.failureMode?.cause
                }).union([mode.cause])
                let causes = reports.compactMap { $0.diagnoses.first }.filter { $0.model == "dma-iommu" }.map(\.cause)
                #expect(!twins.isDisjoint(with: causes), "\(era)/\(lab.name): expected one of \(twins.sorted()), got \(causes)")
            }
        }
    }
}
