package dev.hookline.sender.http;

import java.util.Map;

/**
 * Checks custom headers before sending, so a bad one is reported as
 * {@link SendError#INVALID_HEADER} instead of failing inside the HTTP codec.
 */
final class CustomHeaders {

	private static final String SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

	private CustomHeaders() {
	}

	static boolean areValid(Map<String, String> headers) {
		for (Map.Entry<String, String> header : headers.entrySet()) {
			if (!isToken(header.getKey()) || !isFieldValue(header.getValue())) {
				return false;
			}
		}
		return true;
	}

	private static boolean isToken(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c <= 0x20 || c >= 0x7f || SEPARATORS.indexOf(c) >= 0) {
				return false;
			}
		}
		return true;
	}

	private static boolean isFieldValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7f) {
				return false;
			}
		}
		return true;
	}

}
