import ArgumentParser
import Oopsy
import Render
#if canImport(Glibc)
import Glibc
#endif

/// Output formats of `analyze`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl, markdown
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

/// Options shared by the commands that print reports.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output format: text, json (one document per input), jsonl (one report per line) or markdown.")
    var format: ReportFormat = .text

    @Option(help: "Colour: auto (only on a terminal, never with NO_COLOR set), always or never.")
    var color: ColorChoice = .auto

    @Option(help: "Wrap text at N columns (default: the terminal's width, else COLUMNS, else 100).")
    var width: Int?

    @Flag(help: "Show every frame of a call trace: also the kernel's own crash-reporting frames (dump_stack, kasan_report, __warn, exception entry) and unreliable '?' frames, which text and Markdown leave out by default.")
    var full = false

    @Flag(help: "Skip decoding, disassembly and replay of the arm64 state.")
    var noDecode = false

    @Flag(help: "Skip diagnosis (generic rules and kernel models).")
    var noDiagnose = false

    var analyzerOptions: Analyzer.Options {
        var o = Analyzer.Options()
        o.decode = !noDecode
        o.diagnose = !noDiagnose
        return o
    }

    func useColor(_ sink: Output) -> Bool { Self.colorEnabled(color, terminal: sink.isTerminal) }

    /// Colour only on a terminal and never with NO_COLOR set, unless forced.
    static func colorEnabled(_ choice: ColorChoice, terminal: Bool) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto: return terminal && getenv("NO_COLOR") == nil
        }
    }

    func renderer(for sink: Output) -> any ReportPrinter {
        switch format {
        case .text: return TextPrinter(sink: sink, renderer: TextRenderer(color: useColor(sink), width: TerminalWidth.columns(width), full: full))
        case .json: return JSONDocumentPrinter(sink: sink)
        case .jsonl: return JSONLinesPrinter(sink: sink)
        case .markdown: return MarkdownPrinter(sink: sink, renderer: MarkdownRenderer(full: full))
        }
    }
}

/// The width asked for with `--width`, else the terminal's on stdout, `COLUMNS` (set by the
/// user or a script for piped output), the controlling terminal's (piped into a pager, as git
/// does), or 100.
enum TerminalWidth {
    static func columns(_ asked: Int? = nil) -> Int {
        if let asked { return max(40, asked) }
        var ws = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        if let c = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), c > 0 { return c }
        let tty = open("/dev/tty", O_RDONLY | O_CLOEXEC | O_NOCTTY)
        if tty >= 0 {
            defer { close(tty) }
            if ioctl(tty, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        }
        return 100
    }
}
