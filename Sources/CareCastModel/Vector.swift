/// Four doubles at a time over raw buffers. Each lane does exactly the IEEE operations the
/// scalar code would, so results are bit-for-bit those of a plain loop.
typealias Lanes = SIMD4<Double>

/// The scalars the supply model runs in: doubles for projections, single precision for the
/// Monte Carlo draws (see ``MonteCarlo``).
typealias KernelScalar = BinaryFloatingPoint & SIMDScalar

extension UnsafeMutablePointer where Pointee: SIMDScalar {
    /// Four values at a time from index `i`.
    @inline(__always)
    func lanes(_ i: Int) -> SIMD4<Pointee> {
        UnsafeRawPointer(self + i).loadUnaligned(as: SIMD4<Pointee>.self)
    }

    @inline(__always)
    func setLanes(_ i: Int, _ value: SIMD4<Pointee>) {
        UnsafeMutableRawPointer(self + i).storeBytes(of: value, as: SIMD4<Pointee>.self)
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
