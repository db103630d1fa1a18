/**
 * Personal data detectors: e-mail addresses, phone numbers (libphonenumber), payment cards (Luhn and IIN ranges),
 * IBANs (iban4j: country length, BBAN format, mod 97), US SSNs and IP addresses. Each is a cheap scan that only
 * does expensive work (a library call, a checksum) on a candidate; none keeps or reports the matched text.
 */
package dev.switchboard.engine.guard.pii;
