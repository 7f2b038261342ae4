// KernelModel
