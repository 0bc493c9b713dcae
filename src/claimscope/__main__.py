from claimscope.cli import main

main()
