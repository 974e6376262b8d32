#include <stdio.h>
int main(void)
{
    puts("dv");
    return 0;
}
