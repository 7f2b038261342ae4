// The library product: one import for the whole pipeline.
@_exported import OopsCore
@_exported import OopsParser
@_exported import Analysis
@_exported import Arm64
@_exported import Diagnosis
@_exported import Render
@_exported import KernelModel
@_exported import Triage
