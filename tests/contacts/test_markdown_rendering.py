"""Notes render through Markdown and nh3; plain one-line notes skip both, and rendered notes are
kept in a bounded per-process cache (issue 22). Either way the HTML is what the full path gives."""

import random

from contacts import rendering
from contacts.rendering import render_markdown

# Letters, digits and every character Markdown or HTML gives a meaning to, and spaces and lines.
ALPHABET = "aAbZz09 1.,;:?'()/-_*#`<>&[]!\\|~=+\"\t\n" + "é"
WORDS = ["Met", "at", "the", "ASM", "2025", "re:", "http://x.org/a", "(draft)", "e.g.", "it's"]


def notes(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.3:
            text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40)))
        elif roll < 0.6:  # what the plain path takes: letters first, plain punctuation
            text = "".join(rng.choice("abcXYZ019 ,.;:?'()/") for _ in range(rng.randint(1, 60)))
            made.append("Q" + text.strip())
            continue
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))
            text += rng.choice(["", ".", "?", ")", " ", "  ", ":", "\n", "\nmore"])
        made.append(rng.choice(["", "1. ", "- ", "# ", "    ", "> ", "A"]) + text)
    return made


SEEDED = [
    "Catch up after the exam.",
    "Discussed a research idea.",
    "Met at Australasian College for Emergency Medicine Annual Scientific Meeting 2025",
    "Introduced me to the unit director.",
    "Asked about the registrar's role (ED) at 3:30 on the 4th/5th?",
    "I. Roman",
    "a) lettered",
    "Ends with a colon:",
    "x",
]


def test_every_note_renders_as_markdown_and_nh3_render_it():
    every = SEEDED + notes(8000, seed=22)
    plain = [text for text in every if rendering._PLAIN.match(text) and "  " not in text]
    assert len(plain) > 1500
    for text in every:
        assert render_markdown(text) == rendering._render(text), repr(text)


def test_plain_one_line_notes_skip_markdown_and_others_do_not():
    assert rendering._PLAIN.match("Catch up after the exam.")
    for text in ["1. First", "- item", "# Title", "a *b*", "a_b_", "x  y", "Line\nline", "<b>x"]:
        assert not (rendering._PLAIN.match(text) and "  " not in text), text


def test_the_cache_of_rendered_notes_is_bounded_and_skips_long_notes():
    rendering._render_cached.cache_clear()
    render_markdown("*short*")
    render_markdown("*short*")
    render_markdown("*long* " * 400)
    info = rendering._render_cached.cache_info()
    assert info.maxsize == 2048
    assert (info.hits, info.currsize) == (1, 1)
