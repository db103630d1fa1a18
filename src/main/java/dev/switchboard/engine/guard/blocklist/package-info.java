/** The operator's blocklist: configured terms (whole words, any case) and regular expressions. */
package dev.switchboard.engine.guard.blocklist;
