## -*- texinfo -*-
## @deftypefn {} {@var{s} =} pool_stats ()
## The layer gateway's pool of caches (src/mex/cache_pool.h), for tests:
## @code{[entries, bytes, window]}.  Calls the private gateway from its
## folder.
## @end deftypefn
function s = pool_stats ()
  d = pwd ();
  cd (fullfile (fileparts (which ("rnn_forward")), "private"));
  unwind_protect
    s = __layer__ ("pool");
  unwind_protect_cleanup
    cd (d);
  end_unwind_protect
endfunction
