# SPDX-License-Identifier: GPL-2.0
# gnuplot -e "datafile='F'; outfile='P'" cost.gp: added instructions per
# uplink packet against bound UEs (tools/bench/datapath/run writes F).
set terminal pngcairo size 800,500 noenhanced
set output outfile
set title "LWIP uplink checks: instructions added per packet (null ESP, QEMU icount)"
set xlabel "bound UEs"
set ylabel "instructions/packet over no filter"
set logscale xy
set key top left
set grid
plot datafile using 1:2 with linespoints title "(a) lwip_segw module", \
     datafile using 1:3 with linespoints title "(b) nftables vmap", \
     datafile using 1:4 with linespoints title "(c) iptables -m policy"
