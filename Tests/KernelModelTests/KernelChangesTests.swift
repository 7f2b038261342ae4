import Testing
import KernelModel

/// Whether a report's kernel has a fix is told from its release where the releases the commit
/// reached say so, and left unknown where they do not (a distribution's ABI number, a stable
/// line whose point release nobody verified).
struct KernelChangesTests {
    @Test func presenceFollowsMainlineAndStableReleases() throws {
        let fq = try #require(KernelChanges.change("d7061627d701"))
        #expect(fq.presence(in: "5.17.3") == .has)
        #expect(fq.presence(in: "6.1.0-56-arm64") == .has)          // mainline release decides
        #expect(fq.presence(in: "5.15.24") == .has)
        #expect(fq.presence(in: "5.15.16") == .lacks)
        #expect(fq.presence(in: "5.15.20") == .unknown)
        #expect(fq.presence(in: "5.10.0-30-arm64") == .unknown)     // Debian's ABI, not a point release
        #expect(fq.presence(in: "5.13.5") == .lacks)                // a line it never reached
        let hook = try #require(KernelChanges.change("6af588fed391"))
        #expect(hook.presence(in: "4.19.3") == .lacks)
        #expect(hook.presence(in: "4.20.0") == .has)
        #expect(hook.presence(in: "not-a-release") == .unknown)
    }

    @Test func stablePointIsReadOnlyWhereTheReleaseSaysIt() {
        #expect(KernelRelease.stablePoint("6.12.117+deb12-arm64") == 117)
        #expect(KernelRelease.stablePoint("6.9.0-next-20240515-00003-g3f984d58a25f") == 0)
        #expect(KernelRelease.stablePoint("5.15.0-91-generic") == nil)
        #expect(KernelRelease.stablePoint("4.19") == 0)
    }

    /// Every commit a catalogue entry names is in the table.
    @Test func catalogueChangesAreKnown() {
        for mode in FailureModes.all {
            for c in mode.changes { #expect(KernelChanges.change(c) != nil, "\(mode.id) names \(c)") }
        }
    }
}
