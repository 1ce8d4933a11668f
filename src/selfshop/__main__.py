from selfshop.cli import main

main()
