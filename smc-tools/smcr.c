// SPDX-License-Identifier: GPL-2.0
#include "smc_tool.h"

int main(int argc, char **argv)
{
	return smc_main(argc, argv, SMC_VARIANT_R);
}
