int archlab_test_pch_anchor = 0;  // a source for the target that owns a precompiled header
