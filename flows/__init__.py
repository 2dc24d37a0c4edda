"""prakerja-dq: Kartu Prakerja figures from Indonesian news, validated before they are published."""
