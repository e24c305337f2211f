# The two commands of the quick start.
.PHONY: dev test
dev:
	scripts/dev.sh
test:
	scripts/test.sh
