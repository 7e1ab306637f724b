package dev.hookline.schemas.payload;

import java.util.Collections;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PayloadFilterTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	// how the router reads event data
	private static final JsonMapper PRECISE = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	@Test
	void equalsMatchesTheSameValue() {
		PayloadFilter filter = filter("[{\"path\":\"/country\",\"equals\":\"DE\"}]");

		assertThat(filter.matches(data("{\"country\":\"DE\"}"))).isTrue();
		assertThat(filter.matches(data("{\"country\":\"FR\"}"))).isFalse();
		assertThat(filter.matches(data("{\"country\":null}"))).isFalse();
		assertThat(filter.matches(data("{}"))).isFalse();
	}

	@Test
	void equalsComparesNumbersByValue() {
		assertThat(filter("[{\"path\":\"/n\",\"equals\":1}]").matches(data("{\"n\":1.0}"))).isTrue();
		assertThat(filter("[{\"path\":\"/n\",\"equals\":1.0}]").matches(data("{\"n\":1}"))).isTrue();
		assertThat(filter("[{\"path\":\"/n\",\"equals\":100}]").matches(data("{\"n\":1e2}"))).isTrue();
		assertThat(filter("[{\"path\":\"/n\",\"equals\":1}]").matches(data("{\"n\":1.01}"))).isFalse();
		assertThat(filter("[{\"path\":\"/n\",\"equals\":1}]").matches(data("{\"n\":\"1\"}"))).isFalse();
	}

	@Test
	void equalsComparesObjectsAndArraysWholeWithNumbersByValueAndKeysInAnyOrder() {
		PayloadFilter filter = filter("[{\"path\":\"/customer\",\"equals\":{\"id\":7,\"tags\":[1,2]}}]");

		assertThat(filter.matches(data("{\"customer\":{\"tags\":[1.0,2],\"id\":7.0}}"))).isTrue();
		assertThat(filter.matches(data("{\"customer\":{\"id\":7,\"tags\":[2,1]}}"))).isFalse();
		assertThat(filter.matches(data("{\"customer\":{\"id\":7,\"tags\":[1,2],\"name\":\"x\"}}"))).isFalse();
		assertThat(filter.matches(data("{\"customer\":{\"id\":7}}"))).isFalse();
	}

	@Test
	void equalsNullMatchesOnlyAnExplicitNull() {
		PayloadFilter filter = filter("[{\"path\":\"/x\",\"equals\":null}]");

		assertThat(filter.matches(data("{\"x\":null}"))).isTrue();
		assertThat(filter.matches(data("{}"))).isFalse();
	}

	@Test
	void inMatchesAnyOfItsValues() {
		PayloadFilter filter = filter("[{\"path\":\"/country\",\"in\":[\"DE\",\"FR\",3]}]");

		assertThat(filter.matches(data("{\"country\":\"FR\"}"))).isTrue();
		assertThat(filter.matches(data("{\"country\":3.0}"))).isTrue();
		assertThat(filter.matches(data("{\"country\":\"IT\"}"))).isFalse();
		assertThat(filter.matches(data("{}"))).isFalse();
	}

	@Test
	void existsTrueWantsAPresentNonNullField() {
		PayloadFilter filter = filter("[{\"path\":\"/coupon\",\"exists\":true}]");

		assertThat(filter.matches(data("{\"coupon\":\"X\"}"))).isTrue();
		assertThat(filter.matches(data("{\"coupon\":false}"))).isTrue();
		assertThat(filter.matches(data("{\"coupon\":null}"))).isFalse();
		assertThat(filter.matches(data("{}"))).isFalse();
	}

	@Test
	void existsFalseWantsAnAbsentOrNullField() {
		PayloadFilter filter = filter("[{\"path\":\"/coupon\",\"exists\":false}]");

		assertThat(filter.matches(data("{}"))).isTrue();
		assertThat(filter.matches(data("{\"coupon\":null}"))).isTrue();
		assertThat(filter.matches(data("{\"coupon\":\"X\"}"))).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "gt,99,true", "gt,100,false", "gte,100,true", "gte,100.5,false", "lt,101,true", "lt,100,false",
			"lte,100,true", "lte,99.99,false" })
	void comparisonsCompareNumbersByValue(String operator, String bound, boolean matches) {
		PayloadFilter filter = filter("[{\"path\":\"/amount\",\"" + operator + "\":" + bound + "}]");

		assertThat(filter.matches(data("{\"amount\":100.0}"))).isEqualTo(matches);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "gt|{\"amount\":\"500\"}", "gte|{\"amount\":null}", "lt|{}",
			"lte|{\"amount\":[1]}", "lt|{\"amount\":true}" })
	void comparisonsFailForAMissingFieldOrOneThatIsNotANumber(String operator, String data) {
		PayloadFilter filter = filter("[{\"path\":\"/amount\",\"" + operator + "\":100}]");

		assertThat(filter.matches(data(data))).isFalse();
	}

	@Test
	void comparisonsKeepThePrecisionOfLargeAndLongNumbers() {
		PayloadFilter filter = filter("[{\"path\":\"/n\",\"gt\":0.1000000000000000000001}]");

		assertThat(filter.matches(PRECISE.readTree("{\"n\":0.1000000000000000000002}"))).isTrue();
		assertThat(filter.matches(PRECISE.readTree("{\"n\":0.1}"))).isFalse();
		assertThat(filter("[{\"path\":\"/n\",\"gt\":9007199254740992}]").matches(data("{\"n\":9007199254740993}")))
			.isTrue();
	}

	@Test
	void dataWithANumberTooLargeForADoubleStillCompares() {
		JsonNode overflowing = data("{\"n\":1e400}");

		assertThat(filter("[{\"path\":\"/n\",\"gt\":1e300}]").matches(overflowing)).isTrue();
		assertThat(filter("[{\"path\":\"/n\",\"lt\":0}]").matches(overflowing)).isFalse();
		assertThat(filter("[{\"path\":\"/n\",\"equals\":5}]").matches(overflowing)).isFalse();
	}

	@Test
	void severalOperatorsInOneConditionMustAllHold() {
		PayloadFilter filter = filter("[{\"path\":\"/amount\",\"gte\":10,\"lt\":20}]");

		assertThat(filter.matches(data("{\"amount\":10}"))).isTrue();
		assertThat(filter.matches(data("{\"amount\":20}"))).isFalse();
		assertThat(filter.matches(data("{\"amount\":9}"))).isFalse();
	}

	@Test
	void everyConditionMustHold() {
		PayloadFilter filter = filter(
				"[{\"path\":\"/amount\",\"gte\":100},{\"path\":\"/customer/country\",\"in\":[\"DE\",\"FR\"]}]");

		assertThat(filter.matches(data("{\"amount\":150,\"customer\":{\"country\":\"DE\"}}"))).isTrue();
		assertThat(filter.matches(data("{\"amount\":50,\"customer\":{\"country\":\"DE\"}}"))).isFalse();
		assertThat(filter.matches(data("{\"amount\":150,\"customer\":{\"country\":\"US\"}}"))).isFalse();
		assertThat(filter.matches(data("{\"amount\":150}"))).isFalse();
	}

	@Test
	void pathsReachIntoArraysAndUnescapeTildeAndSlash() {
		assertThat(filter("[{\"path\":\"/items/1/sku\",\"equals\":\"B\"}]")
			.matches(data("{\"items\":[{\"sku\":\"A\"},{\"sku\":\"B\"}]}"))).isTrue();
		assertThat(filter("[{\"path\":\"/a~1b/c~0d\",\"equals\":1}]").matches(data("{\"a/b\":{\"c~d\":1}}"))).isTrue();
	}

	@Test
	void dataThatIsNotAnObjectMeetsOnlyAbsenceConditions() {
		assertThat(filter("[{\"path\":\"/a\",\"exists\":false}]").matches(data("42"))).isTrue();
		assertThat(filter("[{\"path\":\"/a\",\"equals\":42}]").matches(data("42"))).isFalse();
		assertThat(filter("[{\"path\":\"/a\",\"exists\":true}]").matches(data("null"))).isFalse();
	}

	@Test
	void toJsonIsCompactAndParsesBackToTheSameFilter() {
		PayloadFilter filter = filter("[ {\"path\": \"/amount\", \"gte\": 100} ]");

		assertThat(filter.toJson()).isEqualTo("[{\"path\":\"/amount\",\"gte\":100}]");
		assertThat(PayloadFilter.parse(filter.toJson()).toJson()).isEqualTo(filter.toJson());
	}

	@Test
	void changingTheGivenNodeAfterwardsDoesNotChangeTheFilter() {
		JsonNode given = JSON.readTree("[{\"path\":\"/n\",\"equals\":{\"a\":1}}]");
		PayloadFilter filter = PayloadFilter.of(given, "filter");

		((ObjectNode) given.get(0).get("equals")).put("a", 2);

		assertThat(filter.matches(data("{\"n\":{\"a\":1}}"))).isTrue();
		assertThat(filter.toJson()).contains("{\"a\":1}");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "{\"path\":\"/a\"}|filter", "[1]|filter[0]", "[{\"path\":\"/a\"}]|filter[0]",
			"[{\"equals\":1}]|filter[0].path", "[{\"path\":7,\"equals\":1}]|filter[0].path",
			"[{\"path\":\"a\",\"equals\":1}]|filter[0].path", "[{\"path\":\"\",\"equals\":1}]|filter[0].path",
			"[{\"path\":\"/a~2\",\"equals\":1}]|filter[0].path", "[{\"path\":\"/a~\",\"equals\":1}]|filter[0].path",
			"[{\"path\":\"/a\",\"equals\":1},{\"path\":\"/b\",\"gte\":\"5\"}]|filter[1].gte",
			"[{\"path\":\"/a\",\"matches\":\"x.*\"}]|filter[0].matches", "[{\"path\":\"/a\",\"in\":[]}]|filter[0].in",
			"[{\"path\":\"/a\",\"in\":\"DE\"}]|filter[0].in", "[{\"path\":\"/a\",\"exists\":\"yes\"}]|filter[0].exists",
			"[{\"path\":\"/a\",\"lt\":null}]|filter[0].lt", "[{\"path\":\"/a\",\"gte\":1e400}]|filter[0].gte",
			"[{\"path\":\"/a\",\"in\":[1,[1e400]]}]|filter[0].in" })
	void anInvalidFilterIsRefusedNamingTheOffendingField(String json, String field) {
		// read as ingest reads a request: 1e400 overflows to an infinite double
		assertThatExceptionOfType(PayloadRuleException.class)
			.isThrownBy(() -> PayloadFilter.of(JSON.readTree(json), "filter"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo(field))
			.satisfies((ex) -> assertThat(ex.getMessage()).isEqualTo(field + ": " + ex.reason()));
	}

	@Test
	void theFieldNameIsTheCallers() {
		assertThatExceptionOfType(PayloadRuleException.class)
			.isThrownBy(() -> PayloadFilter.of(JSON.readTree("[{\"path\":\"/a\",\"gt\":\"x\"}]"), "body.filter"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("body.filter[0].gt"));
	}

	@Test
	void tooManyConditionsOrValuesAreRefused() {
		String condition = "{\"path\":\"/a\",\"exists\":true}";
		String conditions = "[" + String.join(",", Collections.nCopies(PayloadFilter.MAX_CONDITIONS + 1, condition))
				+ "]";
		String values = "[" + String.join(",", Collections.nCopies(PayloadFilter.MAX_IN_VALUES + 1, "1")) + "]";

		assertThatExceptionOfType(PayloadRuleException.class).isThrownBy(() -> filter(conditions))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("filter"));
		assertThatExceptionOfType(PayloadRuleException.class)
			.isThrownBy(() -> filter("[{\"path\":\"/a\",\"in\":" + values + "}]"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("filter[0].in"));
	}

	@Test
	void storedTextThatIsNotJsonIsRefused() {
		assertThatExceptionOfType(PayloadRuleException.class).isThrownBy(() -> PayloadFilter.parse("[{\"path\":"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("filter"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo("is not valid JSON"));
	}

	private static PayloadFilter filter(String json) {
		return PayloadFilter.parse(json);
	}

	private static JsonNode data(String json) {
		return JSON.readTree(json);
	}

}
