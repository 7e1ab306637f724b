package dev.hookline.schemas.payload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FieldAllowlistTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String ORDER = """
			{"id":"ord_1","total":99.5,"customer":{"id":"cus_1","email":"a@example.com","address":{"city":"Berlin","street":"Main 1"}},
			 "items":[{"sku":"A","price":10},{"sku":"B","price":20},{"sku":"C","price":30}],"secret":"s3cr3t"}""";

	@Test
	void keepsOnlyTheNamedTopLevelFieldsInTheDatasOrder() {
		assertThat(apply(ORDER, "/total", "/id")).isEqualTo("{\"id\":\"ord_1\",\"total\":99.5}");
	}

	@Test
	void keepsANestedFieldWithTheObjectsThatLeadToIt() {
		assertThat(apply(ORDER, "/customer/address/city"))
			.isEqualTo("{\"customer\":{\"address\":{\"city\":\"Berlin\"}}}");
	}

	@Test
	void aNamedObjectIsKeptWholeEvenWhenAPointerAlsoNamesOneOfItsFields() {
		String whole = "{\"customer\":{\"id\":\"cus_1\",\"email\":\"a@example.com\","
				+ "\"address\":{\"city\":\"Berlin\",\"street\":\"Main 1\"}}}";

		assertThat(apply(ORDER, "/customer/id", "/customer")).isEqualTo(whole);
		assertThat(apply(ORDER, "/customer", "/customer/id")).isEqualTo(whole);
	}

	@Test
	void anArrayIndexKeepsOnlyThatElementAndArraysKeepTheirOrder() {
		assertThat(apply(ORDER, "/items/2/sku", "/items/0"))
			.isEqualTo("{\"items\":[{\"sku\":\"A\",\"price\":10},{\"sku\":\"C\"}]}");
	}

	@Test
	void aWholeArrayIsKeptWhenItIsNamed() {
		assertThat(apply("{\"tags\":[\"a\",\"b\"],\"x\":1}", "/tags")).isEqualTo("{\"tags\":[\"a\",\"b\"]}");
	}

	@Test
	void aSegmentThatIsNotAnIndexSelectsNothingFromAnArray() {
		assertThat(apply(ORDER, "/items/sku", "/id")).isEqualTo("{\"id\":\"ord_1\",\"items\":[]}");
	}

	@Test
	void fieldsTheDataLacksAreSimplyAbsent() {
		assertThat(apply(ORDER, "/id", "/missing", "/items/7", "/secret/deeper"))
			.isEqualTo("{\"id\":\"ord_1\",\"items\":[]}");
		assertThat(apply("{}", "/a/b")).isEqualTo("{}");
	}

	@Test
	void theDataIsNotChanged() {
		JsonNode data = JSON.readTree(ORDER);
		JsonNode before = data.deepCopy();

		JsonNode kept = FieldAllowlist.of(List.of("/customer/id", "/items/0"), "fields").apply(data);
		((ObjectNode) kept.get("customer")).put("id", "changed");

		assertThat(data).isEqualTo(before);
	}

	@ParameterizedTest
	@CsvSource({ "42", "\"text\"", "true", "null" })
	void dataThatIsNotAnObjectOrArrayBecomesNull(String data) {
		assertThat(apply(data, "/a")).isEqualTo("null");
	}

	@Test
	void dataThatIsAnArrayIsSelectedByIndex() {
		assertThat(apply("[{\"a\":1,\"b\":2},{\"a\":3}]", "/1/a")).isEqualTo("[{\"a\":3}]");
	}

	@Test
	void tildeZeroAndTildeOneNameKeysHoldingTildeAndSlash() {
		assertThat(apply("{\"a/b\":1,\"c~d\":{\"e\":2,\"f\":3},\"a\":{\"b\":4}}", "/a~1b", "/c~0d/e"))
			.isEqualTo("{\"a/b\":1,\"c~d\":{\"e\":2}}");
	}

	@Test
	void pointersAreKeptAsGiven() {
		assertThat(FieldAllowlist.of(List.of("/b", "/a~1x"), "fields").pointers()).containsExactly("/b", "/a~1x");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "''|fields[2]", "id|fields[2]", "/a~|fields[2]", "/a~x/b|fields[2]" })
	void anInvalidPointerIsRefusedNamingItsPlaceInTheList(String pointer, String field) {
		assertThatExceptionOfType(PayloadRuleException.class)
			.isThrownBy(() -> FieldAllowlist.of(List.of("/ok", "/also/ok", pointer), "fields"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo(field));
	}

	@Test
	void aPointerLongerThanTheLimitIsRefused() {
		String longPointer = "/" + "a".repeat(Pointers.MAX_LENGTH);

		assertThatExceptionOfType(PayloadRuleException.class)
			.isThrownBy(() -> FieldAllowlist.of(List.of(longPointer), "fields"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("fields[0]"));
	}

	@Test
	void anEmptyOrTooLongListIsRefused() {
		List<String> tooMany = new ArrayList<>(Collections.nCopies(FieldAllowlist.MAX_FIELDS + 1, "/a"));

		assertThatExceptionOfType(PayloadRuleException.class).isThrownBy(() -> FieldAllowlist.of(List.of(), "fields"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("fields"));
		assertThatExceptionOfType(PayloadRuleException.class).isThrownBy(() -> FieldAllowlist.of(tooMany, "fields"))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("fields"));
	}

	private static String apply(String data, String... pointers) {
		return JSON.writeValueAsString(FieldAllowlist.of(List.of(pointers), "fields").apply(JSON.readTree(data)));
	}

}
