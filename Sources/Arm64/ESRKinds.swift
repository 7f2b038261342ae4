import OopsCore

/// The crash class an ESR implies, for reports that printed only `Internal error: Oops: <esr>`
/// (no `Unable to handle kernel …` line to read it from). One row per exception class.
public enum ESRKinds {
    public static func kind(for d: ESRDecoded, faultAddress: UInt64?) -> CrashKind? {
        switch d.ec.value {
        case 0x24, 0x25:
            guard let fsc = d.dfsc else { return nil }
            switch FaultStatusCodes.lookup(UInt8(fsc.value)).category {
            case .translation, .addressSize, .accessFlag:
                if let a = faultAddress, a < KernelConstants.nullPageLimit { return .nullPointerDereference }
                return .pagingRequest
            case .permission: return d.wnr == true && d.cm != true ? .writeToReadonly : .pagingRequest
            case .alignment: return .alignment
            case .externalAbort, .walkExternalAbort, .parity: return .serror
            case .tagCheck: return .kasan
            default: return nil
            }
        case 0x20, 0x21:
            guard let fsc = d.ifsc else { return nil }
            let cat = FaultStatusCodes.lookup(UInt8(fsc.value)).category
            if cat == .permission { return .executeNonExecutable }
            if cat == .externalAbort || cat == .walkExternalAbort { return .serror }
            return .pagingRequest
        case 0x22, 0x26: return .alignment
        case 0x00: return .undefinedInstruction
        case 0x09, 0x1C: return .pointerAuthentication
        case 0x2F: return .serror
        case 0x3C:
            return BRKImmediates.kind(of: UInt16(truncatingIfNeeded: d.comment?.value ?? 0))
        default:
            return nil
        }
    }
}
