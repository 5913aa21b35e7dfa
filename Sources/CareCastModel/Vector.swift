/// Four doubles at a time over raw buffers. Each lane does exactly the IEEE operations the
/// scalar code would, so results are bit-for-bit those of a plain loop.
typealias Lanes = SIMD4<Double>

extension UnsafeMutablePointer where Pointee == Double {
    @inline(__always)
    func lanes(_ i: Int) -> Lanes {
        UnsafeRawPointer(self + i).loadUnaligned(as: Lanes.self)
    }

    @inline(__always)
    func setLanes(_ i: Int, _ value: Lanes) {
        UnsafeMutableRawPointer(self + i).storeBytes(of: value, as: Lanes.self)
    }
}

/// Runs `vector` on whole groups of four indices below `count`, then `scalar` on the rest.
@inline(__always)
func forEachLane(_ count: Int, vector: (Int) -> Void, scalar: (Int) -> Void) {
    var i = 0
    while i &+ 4 <= count {
        vector(i)
        i &+= 4
    }
    while i < count {
        scalar(i)
        i &+= 1
    }
}
