// The shared end-to-end helpers, visible to every file of this target.
@_exported import TestSupport
