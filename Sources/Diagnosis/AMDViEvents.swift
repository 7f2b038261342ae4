/// What the AMD IOMMU's event log entries other than IO_PAGE_FAULT mean (AMD I/O
/// Virtualization Technology specification, "Event Log"; drivers/iommu/amd/iommu.c
/// iommu_print_event() prints them by these names).
enum AMDViEvents {
    static let meaning: [String: String] = [
        "IOTLB_INV_TIMEOUT": "the device did not complete an invalidation of its IOTLB (ATS) in time; the address is the invalidation command's, not a DMA target",
        "ILLEGAL_DEV_TABLE_ENTRY": "the IOMMU found the device's device-table entry invalid when the device made a request",
        "INVALID_DEVICE_REQUEST": "the device made a request the IOMMU does not allow it (a translation request without ATS enabled, a request to a reserved range)",
        "DEV_TAB_HARDWARE_ERROR": "a hardware error when the IOMMU read the device table",
        "PAGE_TAB_HARDWARE_ERROR": "a hardware error when the IOMMU walked the device's page table",
        "ILLEGAL_COMMAND_ERROR": "the IOMMU found an illegal command in its command buffer",
        "COMMAND_HARDWARE_ERROR": "a hardware error when the IOMMU read its command buffer",
        "INVALID_PPR_REQUEST": "the device sent a peripheral page request the IOMMU does not accept",
    ]
}
