// oopsy-bench: times the pipeline's stages in-process on one input (bench/stages.sh runs it).
//
//   oopsy-bench stages FILE [ROUNDS]
//   oopsy-bench lines FILE                    the per-line path alone (thread CPU time): split, + prefixes, + start detection
//   oopsy-bench profile STAGE FILE [ROUNDS]   parse once, then run one stage ROUNDS times
//                                             (parse, decode, diagnose or title; for perf record)
//
// Reads FILE into memory, then, best of ROUNDS each:
//   parse     the scanner and grammar alone (the reports every later stage gets)
//   decode    ESR/PSTATE decoding, Capstone disassembly and the Unicorn replay of every arm64
//             report, on the parsed reports
//   diagnose  generic rules and the kernel models, on the decoded reports
//   full      the whole pipeline from bytes, as `oopsy analyze` runs it
// and prints reports/s per stage with each stage's ratio to parsing, measured in the same run
// (the machines are noisy; the ratio is what compares across runs).
import Foundation
import Oopsy

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func best(_ rounds: Int, _ body: () -> Void) -> Double {
    (0..<rounds).map { _ in seconds(body) }.min() ?? 0
}

/// CPU time of this thread (less disturbed than wall time by other work on a shared machine).
func cpuSeconds(_ body: () -> Void) -> Double {
    var a = timespec(), b = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a)
    body()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b)
    return Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("oopsy-bench: " + message + "\n").utf8))
    exit(2)
}

/// The per-line path in layers (split; + prefixes; + start detection), for `oopsy-bench lines`.
struct LayerConsumer: LineConsumer {
    let depth: Int
    let scratch = MatchScratch()
    let cursor = ReportStarts.detector.makeCursor()
    var sink = 0
    mutating func chunk(_ bytes: UnsafeRawBufferPointer) { cursor.begin(bytes) }
    mutating func feed(_ line: InputLine) throws {
        if depth == 0 { sink &+= line.bytes.count; return }
        let p = LinePrefix.parse(line.bytes)
        if depth == 1 { sink &+= p.messageStart; return }
        let m = UnsafeRawBufferPointer(rebasing: line.bytes[p.messageStart...])
        sink &+= ReportStarts.detector.detect(m, scratch: scratch, cursor: depth == 2 ? cursor : nil) ?? 0
    }
    mutating func idle() throws {}
}

/// `oopsy-bench lines FILE [LAYER]`.
func linesCommand(_ path: String, only: String?) {
    guard let data = FileManager.default.contents(atPath: path) else { fail("\(path): cannot read") }
    let bytes = [UInt8](data)
    let layers = [(0, "split"), (1, "+prefix"), (2, "+detect"), (3, "+detect/line")]
    for (depth, name) in layers where only == nil || only == name {
        let t = (0..<7).map { _ in
            cpuSeconds {
                var c = LayerConsumer(depth: depth)
                bytes.withUnsafeBytes { try? LineSplitter.feed($0, into: &c) }
            }
        }.min() ?? 0
        print(name.padding(toLength: 13, withPad: " ", startingAt: 0) + String(format: "%7.3f s CPU  %6.0f MB/s", t, Double(bytes.count) / t / 1e6))
    }
}

/// `oopsy-bench stages FILE [ROUNDS]`, or with `only`, one stage timed alone (for profiling).
func stagesCommand(_ path: String, rounds: Int, only: String?) {
    guard let data = FileManager.default.contents(atPath: path) else { fail("\(path): cannot read") }
    let bytes = [UInt8](data)

    var parseOnly = Analyzer.Options()
    parseOnly.decode = false
    parseOnly.diagnose = false
    let parser = Analyzer(options: parseOnly)
    var parsed: [Report] = []
    let tParse = best(only == nil ? rounds : 1) { parsed = parser.analyze(bytes: bytes, source: path).reports }
    let decoding = Arm64Decoding()
    let diagnoser = Diagnoser()
    if let only {
        var decoded = parsed
        for i in decoded.indices where decoded[i].arch == .arm64 { decoding.run(&decoded[i]) }
        let t = best(rounds) {
            var rs = decoded
            switch only {
            case "decode": rs = parsed; for i in rs.indices where rs[i].arch == .arm64 { decoding.run(&rs[i]) }
            case "diagnose": diagnoser.reset(); for i in rs.indices { diagnoser.run(&rs[i]) }
            case "title": for i in rs.indices { ReportTitler.apply(&rs[i], scratch: MatchScratch()) }
            case "parse": rs = parser.analyze(bytes: bytes, source: path).reports
            case "full": rs = Analyzer().analyze(bytes: bytes, source: path).reports
            default: fail("profile: no stage \(only)")
            }
        }
        print(String(format: "%@: %d reports, %.0f reports/s", only, parsed.count, Double(parsed.count) / t))
        return
    }
    let arm64 = parsed.filter { $0.arch == .arm64 }
    var decoded = parsed
    let tDecode = best(rounds) {
        decoded = parsed
        for i in decoded.indices where decoded[i].arch == .arm64 { decoding.run(&decoded[i]) }
    }
    var diagnosed = decoded
    let tDiagnose = best(rounds) {
        diagnoser.reset()
        diagnosed = decoded
        for i in diagnosed.indices { diagnoser.run(&diagnosed[i]) }
    }
    let full = Analyzer()
    var fullCount = 0
    let tFull = best(rounds) { fullCount = full.analyze(bytes: bytes, source: path).reports.count }

    let rekinded = zip(parsed, decoded).filter { $0.kind != $1.kind }.count
    let replayed = decoded.filter { $0.replay?.status == .reproduced }.count
    let withCode = decoded.filter { $0.code?.disassembly?.isEmpty == false }.count
    let diagnosedCount = diagnosed.filter { !$0.diagnoses.isEmpty }.count
    let parseRate = Double(parsed.count) / tParse
    func row(_ name: String, _ n: Int, _ t: Double, _ what: String) -> String {
        let rate = t > 0 ? Double(n) / t : 0
        let ratio = rate > 0 ? parseRate / rate : 0
        return name.padding(toLength: 9, withPad: " ", startingAt: 0)
            + String(format: "%8d reports  %8.3f s  %10.0f reports/s  cost %5.2f× parsing  %@", n, t, rate, ratio, what)
    }
    print("input: \(path), \(bytes.count) bytes, best of \(rounds)")
    print(row("parse", parsed.count, tParse, String(format: "(%.0f MB/s)", Double(bytes.count) / tParse / 1e6)))
    print(row("decode", arm64.count, tDecode, "(arm64: \(withCode) disassembled, \(replayed) replays reproduced the fault address, \(rekinded) kinds named by the ESR)"))
    print(row("diagnose", decoded.count, tDiagnose, "(\(diagnosedCount) with a diagnosis)"))
    print(row("full", fullCount, tFull, String(format: "(%.0f MB/s)", Double(bytes.count) / tFull / 1e6)))
}

/// The folder walk triage does before any input is read (serial: the part of a run over many
/// small files that more jobs cannot shorten).
func walkCommand(_ paths: [String], rounds: Int) {
    var n = 0
    var inputs: [TriageInput] = []
    let t = best(rounds) { inputs = InputWalker.expand(paths).inputs; n = inputs.count }
    print(String(format: "walk, 1 job: %d inputs, %.3f s, %.0f inputs/s (best of %d)", n, t, Double(n) / t, rounds))
    var same = false
    let t2 = best(rounds) { same = InputWalker.expand(paths, jobs: 2).inputs == inputs }
    print(String(format: "walk, 2 jobs: %.3f s, %.2fx, same inputs: %@", t2, t / t2, same ? "yes" : "NO"))
    let s = best(rounds) { _ = inputs.indices.sorted { (inputs[$0].name, $0) < (inputs[$1].name, $1) } }
    print(String(format: "sort by name: %.3f s", s))
}

let args = Array(CommandLine.arguments.dropFirst())
switch (args.first, args.count) {
case ("lines", 2...): linesCommand(args[1], only: args.count > 2 ? args[2] : nil)
case ("stages", 2...): stagesCommand(args[1], rounds: args.count > 2 ? Int(args[2]) ?? 3 : 3, only: nil)
case ("walk", 2...): walkCommand(Array(args.dropFirst()), rounds: 5)
case ("profile", 3...): stagesCommand(args[2], rounds: args.count > 3 ? Int(args[3]) ?? 3 : 3, only: args[1])
default: fail("usage: oopsy-bench stages FILE [ROUNDS] | lines FILE [LAYER] | profile STAGE FILE [ROUNDS] | walk PATH...")
}
