import Testing
@testable import Feed

@Suite struct TokenAmountDoubleTests {
    @Test(arguments: ["0", "12.5", "-0.000001", "1", "9.223372036854775807", "9.223372036854775808",
                      "123456789012.345678", "-98765.4321", "0.000000000000000001"])
    func doubleValueIsTheNearestDouble(_ text: String) throws {
        let amount = try #require(TokenAmount(text))
        let expected = try #require(Double(text))
        // Two halves and one division: within a couple of ulps of the correctly rounded value.
        #expect(abs(amount.doubleValue - expected) <= 2 * expected.ulp, "\(text): \(amount.doubleValue)")
    }
}
