#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a fuzz target checks for one input: the input's bytes. It returns nothing; a bug is a
/// trap, a hang or a sanitizer report, which libFuzzer catches and saves.
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

#if FUZZING
/// libFuzzer's entry point for programs that have their own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argumentCount: UnsafeMutablePointer<CInt>,
    _ arguments: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ test: FuzzTest
) -> CInt
#endif

/// Hands `test` to libFuzzer with the command line's arguments, and exits with its status.
///
/// SwiftPM links an executable's top-level code as its `main`, so a fuzz target cannot let
/// libFuzzer supply `main` (the usual `-parse-as-library` route fails to link); it calls
/// `LLVMFuzzerRunDriver` instead. That exists only in a fuzzing build (`scripts/fuzz.sh` passes
/// `-sanitize=fuzzer,address -DFUZZING`); a normal build says how to make one.
public func runFuzzer(_ test: FuzzTest) -> Never {
    #if FUZZING
    var argumentCount = CommandLine.argc
    var arguments = CommandLine.unsafeArgv
    exit(runFuzzerDriver(&argumentCount, &arguments, test))
    #else
    print("this fuzz target was built without libFuzzer; run it with scripts/fuzz.sh TARGET SECONDS")
    exit(2)
    #endif
}

/// The `count` bytes at `data` as an array (libFuzzer passes no pointer for an empty input).
public func fuzzInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
    guard let data, count > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: count))
}
