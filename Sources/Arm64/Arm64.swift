// Arm64
