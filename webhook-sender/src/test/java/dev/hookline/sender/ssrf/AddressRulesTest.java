package dev.hookline.sender.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class AddressRulesTest {

	@ParameterizedTest
	@ValueSource(strings = { "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1",
			"192.169.0.1", "11.0.0.1", "223.255.255.254", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e",
			"::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1" })
	void publicAddressesAreAllowedEverywhere(String address) throws UnknownHostException {
		assertThat(AddressRules.classify(ip(address))).isEqualTo(AddressClass.PUBLIC);
		assertThat(AddressGuard.strict().allows(ip(address))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1",
			"172.31.255.255", "192.168.1.1", "100.64.0.1", "100.127.255.255", "::1", "fc00::1", "fdff:ffff::1",
			"::ffff:127.0.0.1", "::ffff:10.1.2.3", "::127.0.0.1", "64:ff9b::a00:1", "2002:c0a8:101::1" })
	void loopbackPrivateAndSharedAddressesAreAllowedOnlyInLocalMode(String address) throws UnknownHostException {
		assertThat(AddressRules.classify(ip(address))).isEqualTo(AddressClass.INTERNAL);
		assertThat(AddressGuard.strict().allows(ip(address))).isFalse();
		assertThat(AddressGuard.localMode().allows(ip(address))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0.0.0.0", "0.1.2.3", "169.254.169.254", "169.254.0.1", "224.0.0.1", "239.255.255.250",
			"240.0.0.1", "255.255.255.255", "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.19.255.255", "198.51.100.7",
			"203.0.113.9", "192.88.99.1", "::", "fe80::1", "febf::1", "fec0::1", "ff02::1", "ff0e::1", "100::1",
			"2001:db8::1", "2001::1", "3fff::1", "::ffff:169.254.169.254", "::ffff:0.0.0.0", "64:ff9b::a9fe:a9fe" })
	void linkLocalMulticastReservedAndUnspecifiedAddressesAreNeverAllowed(String address) throws UnknownHostException {
		assertThat(AddressRules.classify(ip(address))).isEqualTo(AddressClass.FORBIDDEN);
		assertThat(AddressGuard.localMode().allows(ip(address))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "10.0.0.1", "169.254.169.254", "8.8.8.8" })
	void anIpv4MappedAddressThatJavaKeepsAsIpv6IsJudgedByTheAddressItEmbeds(String v4) throws UnknownHostException {
		byte[] embedded = InetAddress.getByName(v4).getAddress();
		byte[] mapped = new byte[16];
		mapped[10] = (byte) 0xff;
		mapped[11] = (byte) 0xff;
		System.arraycopy(embedded, 0, mapped, 12, 4);
		InetAddress asIpv6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
		assertThat(asIpv6.getAddress()).hasSize(16);
		assertThat(AddressRules.classify(asIpv6)).isEqualTo(AddressRules.classify(InetAddress.getByName(v4)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https" })
	void httpsIsAlwaysAllowed(String scheme) {
		assertThat(AddressGuard.strict().allowsScheme(scheme)).isTrue();
		assertThat(AddressGuard.localMode().allowsScheme(scheme)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http" })
	void plainHttpIsAllowedOnlyInLocalMode(String scheme) {
		assertThat(AddressGuard.strict().allowsScheme(scheme)).isFalse();
		assertThat(AddressGuard.localMode().allowsScheme(scheme)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp", "file", "gopher", "" })
	void otherSchemesAreNeverAllowed(String scheme) {
		assertThat(AddressGuard.localMode().allowsScheme(scheme)).isFalse();
	}

	private static InetAddress ip(String literal) throws UnknownHostException {
		// getByName does not query DNS for a literal
		return InetAddress.getByName(literal);
	}

}
