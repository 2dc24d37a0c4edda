"""The workdir: smaller corpus sizes are whole folders of the largest, moved into the inbox."""

from __future__ import annotations

from prakerja_dq.bench import folder_size, grow_inbox


def test_prefixes_move_whole_folders(tmp_path):
    corpus, inbox = tmp_path / "corpus", tmp_path / "inbox"
    for number in range(3):
        (corpus / f"{number:05d}").mkdir(parents=True)
    grow_inbox(corpus, inbox, articles=20, per_folder=10)
    assert sorted(p.name for p in inbox.iterdir()) == ["00000", "00001"]
    grow_inbox(corpus, inbox, articles=30, per_folder=10)
    assert len(list(inbox.iterdir())) == 3 and not any(corpus.iterdir())
    assert folder_size([100_000, 1_000_000]) == 1000
