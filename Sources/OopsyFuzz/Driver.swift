import Foundation
import Oopsy

/// `OopsyFuzz`: built by `scripts/fuzz/run.sh` with `-sanitize=fuzzer,address`, it hands
/// control to libFuzzer (its arguments are libFuzzer's); built plainly, `OopsyFuzz FILE…` runs
/// inputs (a crash the fuzzer kept, say) through the same entry point and prints what each gave.
///
/// SwiftPM links an executable's `main` to this module's `@main`, so libFuzzer's own `main` is
/// never used: this one starts it through `LLVMFuzzerRunDriver`, found at run time.
@main
struct FuzzMain {
    typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    typealias RunDriver = @convention(c) (UnsafeMutablePointer<Int32>,
                                          UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                          TestOneInput) -> Int32

    static func main() {
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") {
            let driver = unsafeBitCast(symbol, to: RunDriver.self)
            FuzzEntry.prepare()
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(driver(&argc, &argv, fuzzOneInput))
        }
        exit(replay(Array(CommandLine.arguments.dropFirst())))
    }

    /// libFuzzer's callback: a broken property aborts, so libFuzzer keeps the input as a crash.
    static let fuzzOneInput: TestOneInput = { data, size in
        let outcome = FuzzEntry.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
        if !outcome.violations.isEmpty {
            FileHandle.standardError.write(Data(("oopsy-fuzz: property broken: " + outcome.violations.joined(separator: "; ") + "\n").utf8))
            abort()
        }
        return 0
    }

    /// Runs files through the entry point; 1 when a property broke, 3 when a file is unreadable.
    static func replay(_ paths: [String]) -> Int32 {
        if paths.isEmpty {
            FileHandle.standardError.write(Data("usage: OopsyFuzz FILE… (built with scripts/fuzz/run.sh it is a libFuzzer binary)\n".utf8))
            return 2
        }
        var broken = false
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("OopsyFuzz: cannot read \(path)\n".utf8))
                return 3
            }
            let o = FuzzEntry.run(Array(data))
            print("\(path): \(o.reports) reports, \(o.problems) problems" +
                  (o.violations.isEmpty ? "" : ", BROKEN: " + o.violations.joined(separator: "; ")))
            broken = broken || !o.violations.isEmpty
        }
        return broken ? 1 : 0
    }
}

/// libFuzzer's well-known entry, for when its own `main` is the one linked.
@_cdecl("LLVMFuzzerTestOneInput")
public func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzMain.fuzzOneInput(data, size)
}
