import SluicePipeline
import Testing

@Suite struct DependencyGraphTests {
    @Test func levelsGroupIndependentSteps() {
        let graph = DependencyGraph(
            names: ["fetch", "a", "b", "join"], dependencies: ["a": ["fetch"], "b": ["fetch"], "join": ["a", "b"]])
        #expect(graph.levels() == [["fetch"], ["a", "b"], ["join"]])
        #expect(graph.cycles().isEmpty)
    }

    @Test func cyclesArePrintedAsPathsOnce() {
        let graph = DependencyGraph(
            names: ["a", "b", "c", "d"], dependencies: ["a": ["c"], "b": ["a"], "c": ["b"], "d": ["a"]])
        #expect(graph.levels() == nil)
        #expect(graph.cycles() == [["a", "c", "b", "a"]])
    }
}
