import Testing
import OopsCore
@testable import OopsParser

/// arm64 fault messages as eras and copies print them: each read into the same fields.
struct Arm64MessageShapesTests {
    /// 4.11–4.14's do_sea() names the abort and its address before die()'s header (a Jailhouse
    /// enable on QEMU, 4.14.78, jailhouse-dev 2018).
    @Test func doSeaLineGivesTheAbortsAddressAndOpensTheReport() throws {
        let text = """
        [   77.686189] Synchronous External Abort: synchronous external abort (0x96000050) at 0xffff00000f800000
        [   77.688767] Internal error: : 96000050 [#1] PREEMPT SMP
        [   77.694196] CPU: 2 PID: 3069 Comm: jailhouse Tainted: G           O    4.14.78-05595-g94da7bdc489b #4
        [   77.699422] pc : __memcpy+0x110/0x180
        [   77.701180] lr : jailhouse_cmd_enable+0x2e0/0x6c8 [jailhouse]
        [   77.711870] Call trace:
        [   77.712466]  __memcpy+0x110/0x180
        [   77.713190]  jailhouse_ioctl+0x8c/0x118 [jailhouse]
        [   77.714219]  do_vfs_ioctl+0xb0/0x868
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.lines.first == 1)
        #expect(r.fault?.address == Hex64(0xffff00000f800000))
        #expect(r.fault?.esr == Hex64(0x96000050))
        #expect(r.title == "synchronous external abort in jailhouse_ioctl")
    }

    /// A die counter whose brackets a renderer dropped (`… 96000004 2 PREEMPT SMP`).
    @Test func anInternalErrorWithABareDieCounterStillGivesItsESR() throws {
        let text = """
        [   15.354291] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000
        [   15.939989] Internal error: Oops: 0000000096000004 2 PREEMPT SMP
        [   15.969077] CPU: 1 PID: 117 Comm: systemd-udevd Tainted: G      D            6.5.0-rc4-next-20230801 #986
        [   15.993797] pc : __pi_strcmp+0x20/0x140
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.oops?.esr == Hex64(0x96000004))
        #expect(r.oops?.count == 2)
        #expect(r.oops?.flags == ["PREEMPT", "SMP"])
    }

    /// decode_stacktrace.sh's pc line names the function without its offset; the trace's frame
    /// marked as the pc's has it (here with the marker's parentheses lost too).
    @Test func aDecodedPcLineTakesItsOffsetFromThePcsFrame() throws {
        let text = """
        [    8.990308] Internal error: UBSAN: array index out of bounds: 00000000f2005512 [#1] PREEMPT SMP
        [    9.012450] CPU: 0 UID: 0 PID: 1 Comm: swapper/0 Not tainted 6.12.0-rc4-next-20241022 #1
        [    9.037760] pc : qnoc_probe (drivers/interconnect/qcom/icc-rpmh.c:269)
        [    9.044439] lr : qnoc_probe (drivers/interconnect/qcom/icc-rpmh.c:0)
        [    9.121001] Call trace:
        [    9.123504] qnoc_probe+0x4c8/0x4d0 P
        [    9.128987] qnoc_probe+0x354/0x4d0 L
        [    9.132110] platform_probe+0x68/0xc8
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.pc?.printed == "qnoc_probe+0x4c8/0x4d0")
        #expect(r.trace.first?.marker == "P")
    }

    /// do_mem_abort() hands die_kernel_fault() the fault's own name (a kdump kernel reading
    /// /proc/vmcore past the physical address range: `level 3 address size fault`).
    @Test func aFaultNamedByItsFaultInfoIsTitledByThatName() throws {
        let text = """
        [   86.222828] Unable to handle kernel level 3 address size fault at virtual address ffff800009b75000
        [   86.264828] Internal error: Oops: 96000003 [#1] SMP
        [   86.270011] CPU: 0 PID: 540 Comm: cp Not tainted 5.18.0 #1
        [   86.280104] pc : __memcpy+0x110/0x230
        [   86.290010] Call trace:
        [   86.290500]  __memcpy+0x110/0x230
        [   86.291001]  copy_oldmem_page+0x70/0xac
        [   86.291801]  read_from_oldmem.part.0+0x120/0x188
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.title == "BUG: unable to handle kernel address size fault in copy_oldmem_page")
    }
    /// do_sea() printed its line for user-mode aborts too (the task got a SIGBUS): no report.
    @Test func aUserModeSynchronousExternalAbortIsNoReport() {
        let text = """
        [  845.301122] Synchronous External Abort: synchronous external abort (0x92000410) at 0x0000ffff8a7c3000
        [  845.402211] systemd[1]: fpga-app.service: Main process exited, code=killed, status=7/BUS
        """
        #expect(Parsing.reports(text).isEmpty)
    }

    /// With the ESR's FnV bit set, FAR holds no address: none is reported.
    @Test func anAbortWhoseFARIsNotValidHasNoAddress() throws {
        let text = """
        [  845.301122] Synchronous External Abort: synchronous external abort (0x96000610) at 0x0000000000000000
        [  845.301200] Internal error: : 96000610 [#1] PREEMPT SMP
        [  845.301400] CPU: 1 PID: 233 Comm: app Not tainted 4.14.98 #1
        [  845.301700] PC is at regmap_mmio_read32le+0x10/0x28
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.fault?.esr == Hex64(0x96000610))
        #expect(r.fault?.address == nil)
    }

    /// A real-time kernel's flags after a bare die counter.
    @Test func aBareDieCounterBeforePreemptRT() throws {
        let text = """
        [   15.939989] Internal error: Oops: 0000000096000004 2 PREEMPT_RT SMP
        [   15.969077] CPU: 1 PID: 117 Comm: systemd-udevd Tainted: G      D            6.12.0-rt5 #1
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.oops?.esr == Hex64(0x96000004))
    }
}
